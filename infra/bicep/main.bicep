// Scaler: the function app, its storage, secrets, telemetry, runner network and one Flexible scale set
// per pool, with least-privilege roles for the app's managed identity. Deploy at resource-group scope, to the app's
// group; the runner network, scale sets and VMs go to a second group, the runners' own, which must exist. The template
// does not create it: that takes rights on the subscription, which a deployer given resource groups may not have.
import { pool } from 'modules/types.bicep'
import { poolSettings } from 'modules/poolSettings.bicep'
import { resourceNames } from 'modules/names.bicep'

@description('Region of every resource.')
param location string = resourceGroup().location

@description('Short prefix of resource names (3-18 characters). Names use it lower-cased, with any character other than a letter or digit turned into a single hyphen, so every name stays legal.')
@minLength(3)
@maxLength(18)
param namePrefix string = 'scaler'

@description('Resource group of the runner network, scale sets and VMs; it must exist. The app\'s identity may create and delete VMs, disks and network interfaces anywhere in it, so it should hold nothing else. Default: this group\'s name with -runners. Naming this group instead is less isolated (see the output runnerGroupWarning).')
param runnerResourceGroupName string = '${resourceGroup().name}-runners'

@description('The runner pools: one Flexible scale set each, and their Scaler__Pools__N__* settings.')
@minLength(1)
param pools pool[]

@description('The webhook\'s secret (16 or more characters); stored in Key Vault.')
@secure()
@minLength(16)
param webhookSecret string

@description('GitHub API: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.')
param githubApiUrl string = 'https://api.github.com'

@description('GitHub App id or client id; empty when githubToken is used.')
param githubAppId string = ''

@description('The GitHub App\'s private key (PEM); stored in Key Vault.')
@secure()
param githubAppPrivateKey string = ''

@description('A classic personal access token instead of an App (required for enterprise pools); stored in Key Vault.')
@secure()
param githubToken string = ''

@description('Address space of the runner virtual network.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Address range of the runner subnet.')
param runnerSubnetPrefix string = '10.40.0.0/20'

@description('How runners reach GitHub: empty (the default) creates a NAT gateway with a Standard public IP for the runner subnet; the resource id of an existing NAT gateway attaches that one instead; none attaches none, for a route table to your own firewall. The subnet has no default outbound access.')
param natGatewayId string = ''

@description('Resource id of an action group the alerts notify; empty: alerts show in the portal only.')
param actionGroupId string = ''

@description('Most instances the function app scales out to.')
param maximumInstanceCount int = 40

@description('Memory of each function app instance, MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('How old an actions/runner release must be before new VMs install it (TimeSpan, e.g. 3.00:00:00); 00:00:00 installs each release at once. Soak plus margin must stay under 30 days.')
param runnerUpdateSoak string = '00:00:00'

@description('How long before GitHub\'s 30-day deadline new VMs move to the newest runner release, soaked or not (TimeSpan).')
param runnerUpdateMargin string = '7.00:00:00'

@description('New VMs download the actions/runner package from a copy in the app\'s storage account (container runner-packages, read-only SAS URLs) instead of github.com; the runners then need outbound HTTPS to the account\'s blob endpoint.')
param runnerMirror bool = false

@description('Log Analytics retention, days.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

var names = resourceNames(namePrefix, resourceGroup().id)
var stem = names.stem
var siteName = names.functionApp
var deploymentContainerName = 'app-package'
var runnerGroup = resourceGroup(runnerResourceGroupName)
var runnersShareTheAppsGroup = toLower(runnerResourceGroupName) == toLower(resourceGroup().name)

// An App needs its key; a PAT is needed without an App, and for enterprise pools in any case.
var usesApp = !empty(githubAppId)
var usesToken = !usesApp || contains(map(pools, p => p.scope), 'enterprise')

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    name: '${stem}-identity'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: names.storageAccount
    deploymentContainerName: deploymentContainerName
    runnerPackages: runnerMirror
    principalId: identity.outputs.principalId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    namePrefix: stem
    retentionInDays: logRetentionDays
    principalId: identity.outputs.principalId
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    name: names.keyVault
    principalId: identity.outputs.principalId
    storeAppKey: usesApp
    storeToken: usesToken
    webhookSecret: webhookSecret
    githubAppPrivateKey: githubAppPrivateKey
    githubToken: githubToken
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  scope: runnerGroup
  params: {
    location: location
    namePrefix: stem
    addressPrefix: vnetAddressPrefix
    subnetPrefix: runnerSubnetPrefix
    natGatewayId: natGatewayId
  }
}

module scaleSets 'modules/scaleSets.bicep' = {
  name: 'scaleSets'
  scope: runnerGroup
  params: {
    location: location
    namePrefix: stem
    pools: pools
  }
}

module runnerAccess 'modules/runnerAccess.bicep' = {
  name: 'runnerAccess'
  scope: runnerGroup
  params: {
    namePrefix: stem
    vnetName: network.outputs.vnetName
    subnetName: network.outputs.subnetName
    principalId: identity.outputs.principalId
    readsImages: contains(map(pools, p => startsWith(p.?image ?? '', '/')), true)
    startsVms: contains(map(pools, p => (p.?standbySize ?? 0) > 0 || length(p.?standbySchedules ?? []) > 0), true)
  }
}

var storageSettings = [
  { name: 'AzureWebJobsStorage__blobServiceUri', value: storage.outputs.blobServiceUri }
  { name: 'AzureWebJobsStorage__queueServiceUri', value: storage.outputs.queueServiceUri }
  { name: 'AzureWebJobsStorage__tableServiceUri', value: storage.outputs.tableServiceUri }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identity.outputs.clientId }
]

var telemetrySettings = [
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: monitoring.outputs.connectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.outputs.clientId};Authorization=AAD' }
]

var azureSettings = [
  { name: 'Azure__ManagementEndpoint', value: environment().resourceManager }
  { name: 'Azure__ClientId', value: identity.outputs.clientId }
]

// Secrets are Key Vault references, never values; the App key and the PAT only when used.
var githubSettings = concat(
  [
    { name: 'GitHub__WebhookSecret', value: keyVault.outputs.webhookReference }
    { name: 'GitHub__ApiUrl', value: githubApiUrl }
    { name: 'GitHub__AppId', value: githubAppId }
  ],
  usesApp ? [{ name: 'GitHub__AppPrivateKey', value: keyVault.outputs.appKeyReference }] : [],
  usesToken ? [{ name: 'GitHub__Token', value: keyVault.outputs.tokenReference }] : []
)

// When new VMs move to a newer runner release, and where they download it from; CacheFor is left to the app's
// default (15 minutes). The mirror signs with user delegation keys, which the identity's Storage Blob Data
// Contributor role may request through AzureWebJobsStorage__blobServiceUri.
var runnerUpdateSettings = [
  { name: 'Scaler__RunnerUpdates__Soak', value: runnerUpdateSoak }
  { name: 'Scaler__RunnerUpdates__Margin', value: runnerUpdateMargin }
  { name: 'Scaler__RunnerUpdates__Mirror', value: runnerMirror ? 'true' : 'false' }
]

module functionApp 'modules/functionApp.bicep' = {
  name: 'functionApp'
  params: {
    location: location
    namePrefix: stem
    siteName: siteName
    identityId: identity.outputs.id
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    appSettings: concat(
      storageSettings,
      telemetrySettings,
      azureSettings,
      githubSettings,
      runnerUpdateSettings,
      poolSettings(pools, scaleSets.outputs.ids, network.outputs.subnetId)
    )
  }
  dependsOn: [runnerAccess]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    namePrefix: stem
    appInsightsId: monitoring.outputs.appInsightsId
    actionGroupId: actionGroupId
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  params: {
    location: location
    namePrefix: stem
    appInsightsId: monitoring.outputs.appInsightsId
  }
}

@description('Set this as the payload URL of the GitHub App\'s (or the organization\'s) webhook.')
output webhookUrl string = 'https://${functionApp.outputs.defaultHostName}/api/github/webhook'

@description('Name of the function app, for az functionapp deployment.')
output functionAppName string = siteName

@description('Name of the Key Vault that holds the webhook secret and the GitHub App key or token.')
output keyVaultName string = names.keyVault

@description('Empty when the runners have a resource group of their own; a warning when they share the app\'s.')
output runnerGroupWarning string = runnersShareTheAppsGroup
  ? 'The runners share resource group ${resourceGroup().name} with the app. This is less isolated: the app\'s identity may create and delete VMs, disks and network interfaces anywhere in that group, beside the app\'s own resources. Set runnerResourceGroupName to a group of their own.'
  : ''
