// Least privilege for the app in the runners' resource group: create, read (with the instance view), tag, stop (deallocate) and delete VMs
// (with their NICs and disks) in the scale sets, start them when a pool keeps standby VMs, and join the runner subnet. Nothing else, no built-in Contributor,
// and nothing at subscription scope. A test runs the app against the ARM emulator and checks this list grants
// every operation it performs.
// The VM role is defined, assignable and assigned in this group and nowhere else. The group is the narrowest scope
// that can grant creating a VM: a new VM, disk or NIC has no resource to assign a role on until it exists, and a
// Flexible scale set's VMs are resources of the group, not children of the scale set. Hence a group of the runners'
// own: every VM, disk and NIC in it is the app's to change or delete.
param namePrefix string
param vnetName string
param subnetName string

@description('Principal id of the app\'s managed identity.')
param principalId string

@description('True when a pool boots from an image or gallery image resource id, which the app must read.')
param readsImages bool

@description('True when a pool keeps standby VMs, which the app starts for jobs.')
param startsVms bool

var vmActions = [
  'Microsoft.Compute/virtualMachines/read'
  'Microsoft.Compute/virtualMachines/instanceView/read'
  'Microsoft.Compute/virtualMachines/write'
  'Microsoft.Compute/virtualMachines/delete'
  'Microsoft.Compute/virtualMachines/deallocate/action'
  'Microsoft.Compute/virtualMachineScaleSets/read'
  'Microsoft.Compute/disks/read'
  'Microsoft.Compute/disks/write'
  'Microsoft.Compute/disks/delete'
  'Microsoft.Network/networkInterfaces/read'
  'Microsoft.Network/networkInterfaces/write'
  'Microsoft.Network/networkInterfaces/delete'
  'Microsoft.Network/networkInterfaces/join/action'
]

var startActions = [
  'Microsoft.Compute/virtualMachines/start/action'
]

var imageActions = [
  'Microsoft.Compute/images/read'
  'Microsoft.Compute/galleries/read'
  'Microsoft.Compute/galleries/images/read'
  'Microsoft.Compute/galleries/images/versions/read'
]

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  name: vnetName

  resource subnet 'subnets' existing = {
    name: subnetName
  }
}

resource runnerVms 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, namePrefix, 'runner-vms')
  properties: {
    roleName: 'Scaler runner VMs (${resourceGroup().name}, ${namePrefix})'
    description: 'Create, read, tag, deallocate and delete runner VMs, their NICs and disks in Scaler\'s Flexible scale sets.'
    type: 'CustomRole'
    assignableScopes: [resourceGroup().id]
    permissions: [
      {
        actions: concat(vmActions, readsImages ? imageActions : [], startsVms ? startActions : [])
        notActions: []
      }
    ]
  }
}

resource subnetJoin 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, namePrefix, 'runner-subnet-join')
  properties: {
    roleName: 'Scaler runner subnet join (${resourceGroup().name}, ${namePrefix})'
    description: 'Attach runner NICs to the runner subnet.'
    type: 'CustomRole'
    assignableScopes: [resourceGroup().id]
    permissions: [
      {
        actions: ['Microsoft.Network/virtualNetworks/subnets/join/action']
        notActions: []
      }
    ]
  }
}

resource runnerVmsAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, runnerVms.id)
  properties: {
    roleDefinitionId: runnerVms.id
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource subnetJoinAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vnet::subnet.id, principalId, subnetJoin.id)
  scope: vnet::subnet
  properties: {
    roleDefinitionId: subnetJoin.id
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
