// One Flexible scale set per pool. No VM profile: Scaler creates each VM itself and points it here.
import { pool } from 'types.bicep'

param location string
param namePrefix string
param pools pool[]

resource scaleSets 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = [
  for p in pools: {
    name: '${namePrefix}-${p.name}'
    location: location
    tags: { 'scaler-pool': p.name }
    properties: {
      orchestrationMode: 'Flexible'
      singlePlacementGroup: false
      platformFaultDomainCount: 1
    }
  }
]

output ids string[] = [for (p, i) in pools: scaleSets[i].id]
