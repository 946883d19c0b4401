// The runners' virtual network: one subnet whose VMs reach the internet through a NAT gateway (or the customer's
// egress) and nothing else: not each other, not the rest of the network, and nothing reaches them. VMs get no
// public IP; the subnet has no default outbound access, which Azure is retiring.
param location string
param namePrefix string
param addressPrefix string
param subnetPrefix string

@description('Outbound path of the runners: empty creates a NAT gateway with a Standard public IP; the resource id of an existing NAT gateway attaches that one; none attaches none (a route table to your firewall gives the subnet its egress).')
param natGatewayId string

// The Azure host (DNS, DHCP, the VM agent's provisioning report). It is part of the VirtualNetwork service tag,
// so it is allowed before that tag is denied; without it a VM never reports that it provisioned.
var azureHost = '168.63.129.16'

var createsNatGateway = empty(natGatewayId)
var bringsNoNatGateway = toLower(natGatewayId) == 'none'

resource natPublicIp 'Microsoft.Network/publicIPAddresses@2024-05-01' = if (createsNatGateway) {
  name: '${namePrefix}-runners-nat-ip'
  location: location
  sku: { name: 'Standard', tier: 'Regional' }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource natGateway 'Microsoft.Network/natGateways@2024-05-01' = if (createsNatGateway) {
  name: '${namePrefix}-runners-nat'
  location: location
  sku: { name: 'Standard' }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [{ id: natPublicIp.id }]
  }
}

resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: '${namePrefix}-runners-nsg'
  location: location
  properties: {
    securityRules: [
      rule('DenyInternetInbound', 100, 'Inbound', 'Deny', 'Internet', '*')
      rule('DenyVirtualNetworkInbound', 110, 'Inbound', 'Deny', 'VirtualNetwork', '*')
      rule('AllowAzureHostOutbound', 100, 'Outbound', 'Allow', '*', azureHost)
      rule('DenyVirtualNetworkOutbound', 110, 'Outbound', 'Deny', '*', 'VirtualNetwork')
      // GitHub, package mirrors and (with runnerMirror) the storage account's blob endpoint, through the egress path.
      rule('AllowInternetOutbound', 120, 'Outbound', 'Allow', '*', 'Internet')
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
          natGateway: createsNatGateway ? { id: natGateway.id } : (bringsNoNatGateway ? null : { id: natGatewayId })
          defaultOutboundAccess: false
        }
      }
    ]
  }
}

output vnetName string = vnet.name
output subnetName string = vnet.properties.subnets[0].name
output subnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'runners')

func rule(name string, priority int, direction string, access string, source string, destination string) object => {
  name: name
  properties: {
    priority: priority
    direction: direction
    access: access
    protocol: '*'
    sourceAddressPrefix: source
    sourcePortRange: '*'
    destinationAddressPrefix: destination
    destinationPortRange: '*'
  }
}
