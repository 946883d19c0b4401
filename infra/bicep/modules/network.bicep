// The runners' virtual network: one subnet behind an NSG that admits nothing from the internet.
// Runners need outbound access to GitHub; no public IP is created for them.
param location string
param namePrefix string
param addressPrefix string
param subnetPrefix string

@description('Resource id of an existing NAT gateway for the runners\' outbound traffic; empty: default outbound access.')
param natGatewayId string

resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: '${namePrefix}-runners-nsg'
  location: location
  properties: {
    securityRules: [
      {
        name: 'DenyInternetInbound'
        properties: {
          priority: 100
          direction: 'Inbound'
          access: 'Deny'
          protocol: '*'
          sourceAddressPrefix: 'Internet'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '*'
        }
      }
    ]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${namePrefix}-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [addressPrefix] }
    subnets: [
      {
        name: 'runners'
        properties: {
          addressPrefix: subnetPrefix
          networkSecurityGroup: { id: nsg.id }
          natGateway: empty(natGatewayId) ? null : { id: natGatewayId }
          defaultOutboundAccess: empty(natGatewayId)
        }
      }
    ]
  }
}

output vnetName string = vnet.name
output subnetName string = vnet.properties.subnets[0].name
output subnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'runners')
