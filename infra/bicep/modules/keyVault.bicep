// Key Vault (RBAC) with the webhook secret and the GitHub App key or PAT; the app reads them by reference.
param location string
param name string

@description('Principal id of the app\'s managed identity, which reads the secrets.')
param principalId string

@description('Store the GitHub App private key (an App is configured).')
param storeAppKey bool

@description('Store the personal access token (no App, or an enterprise pool).')
param storeToken bool

@secure()
param webhookSecret string

@secure()
param githubAppPrivateKey string

@secure()
param githubToken string

var appKeyName = 'github-app-private-key'
var tokenName = 'github-token'
var vaultUri = 'https://${name}${environment().suffixes.keyvaultDns}/'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource webhook 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'github-webhook-secret'
  properties: { value: webhookSecret }
}

resource appKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (storeAppKey) {
  parent: vault
  name: appKeyName
  properties: { value: githubAppPrivateKey }
}

resource token 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (storeToken) {
  parent: vault
  name: tokenName
  properties: { value: githubToken }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Versionless references: a new secret version is picked up without a deployment. main.bicep uses the
// App key and token references only when it stores those secrets.
output webhookReference string = secretReference(vaultUri, webhook.name)
output appKeyReference string = secretReference(vaultUri, appKeyName)
output tokenReference string = secretReference(vaultUri, tokenName)

func secretReference(vaultUri string, secretName string) string => '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretName})'
