// The app's storage account: job queue, state tables, the deployment package and (with the runner mirror) the
// runner packages, reached by identity only.
param location string
param name string
param deploymentContainerName string

@description('Whether the container runner-packages holds copies of the actions/runner package for new VMs.')
param runnerPackages bool = false

@description('Principal id of the app\'s managed identity.')
param principalId string

var jobQueueName = 'workflow-jobs'

// Storage Blob Data Owner, Storage Queue Data Contributor, Storage Table Data Contributor.
var dataRoleIds = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }

  resource blobs 'blobServices' = {
    name: 'default'

    resource deployment 'containers' = {
      name: deploymentContainerName
      properties: { publicAccess: 'None' }
    }

    // Read by the VMs through short-lived, read-only user delegation SAS URLs only.
    resource runnerPackageCopies 'containers' = if (runnerPackages) {
      name: 'runner-packages'
      properties: { publicAccess: 'None' }
    }
  }

  resource queues 'queueServices' = {
    name: 'default'

    resource jobs 'queues' = {
      name: jobQueueName
    }

    resource poison 'queues' = {
      name: '${jobQueueName}-poison'
    }
  }
}

resource dataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in dataRoleIds: {
    name: guid(storage.id, principalId, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Built from the name rather than read back, so they are known before the account exists.
var endpointSuffix = environment().suffixes.storage

output blobServiceUri string = 'https://${storage.name}.blob.${endpointSuffix}/'
output queueServiceUri string = 'https://${storage.name}.queue.${endpointSuffix}/'
output tableServiceUri string = 'https://${storage.name}.table.${endpointSuffix}/'
output deploymentContainerUrl string = 'https://${storage.name}.blob.${endpointSuffix}/${deploymentContainerName}'
