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

// Storage Blob Data Contributor, Storage Queue Data Contributor, Storage Table Data Contributor, on the account.
//
// Blobs: the Functions host keeps its keys and locks in blobs and creates their containers (azure-webjobs-secrets,
// azure-webjobs-hosts); Flex Consumption deploys from app-package; the runner mirror uploads to runner-packages and
// signs read-only SAS URLs with user delegation keys. The host's guide names Storage Blob Data Owner but asks for
// blob read and write and creating containers
// (https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity).
// Storage Blob Data Contributor grants all of that, Microsoft.Storage/storageAccounts/blobServices/
// generateUserDelegationKey/action included; Owner adds the other container and blob actions (POSIX ACLs and
// ownership, tags, legal holds and immutability, permanent deletes), which nothing here uses
// (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage#storage-blob-data-contributor).
// The blob role is on the account, not on runner-packages: a user delegation key is requested of the account, so its
// action counts only when granted at the account or above
// (https://learn.microsoft.com/rest/api/storageservices/create-user-delegation-sas), and the host, which shares the
// identity and the blob endpoint, uses containers that it creates itself.
// Queues: the account holds only the job queue and its poison queue, so a role on each would grant nearly the same.
// Tables: the app and the host create theirs as they go (the host one a month for diagnostic events).
var dataRoleIds = [
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
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
