// A workbook over Application Insights with the queries of docs/operations.md.
param location string
param namePrefix string
param appInsightsId string

var panels = [
  { title: 'Jobs queued, provisioned, started and completed', query: loadTextContent('../queries/jobs-by-stage.kql'), visualization: 'timechart' }
  { title: 'Wait time p50 / p95 (seconds)', query: loadTextContent('../queries/wait-time.kql'), visualization: 'timechart' }
  { title: 'Active runners per pool', query: loadTextContent('../queries/active-runners.kql'), visualization: 'timechart' }
  { title: 'Provisioning failures by reason', query: loadTextContent('../queries/failures-by-reason.kql'), visualization: 'table' }
]

var content = {
  version: 'Notebook/1.0'
  items: map(panels, panel => {
    type: 3
    name: panel.title
    content: {
      version: 'KqlItem/1.0'
      title: panel.title
      query: panel.query
      size: 0
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: panel.visualization
      timeContext: { durationMs: 86400000 }
    }
  })
  isLocked: false
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, namePrefix, 'workbook')
  location: location
  kind: 'shared'
  properties: {
    displayName: 'Scaler (${namePrefix})'
    category: 'workbook'
    sourceId: appInsightsId
    serializedData: string(content)
  }
}
