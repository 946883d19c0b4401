// Log alerts on Application Insights: poison messages, provisioning failures, runner-version deadline.
param location string
param namePrefix string
param appInsightsId string

@description('Resource id of an action group to notify; empty: the alerts fire in the portal only.')
param actionGroupId string

var alerts = [
  {
    name: 'poison-messages'
    displayName: 'Scaler: job messages in workflow-jobs-poison'
    description: 'A job event failed five times and was moved to workflow-jobs-poison; its job may never get a runner.'
    severity: 1
    frequency: 'PT5M'
    window: 'PT15M'
    query: loadTextContent('../queries/poison-messages.kql')
  }
  {
    name: 'provisioning-failures'
    displayName: 'Scaler: provisioning failures'
    description: 'A queued job could not be served (ProvisioningFailed, event 1303): image, permissions, quota or configuration.'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    query: loadTextContent('../queries/failures-by-reason.kql')
  }
  {
    name: 'runner-version-deadline'
    displayName: 'Scaler: runner version deadline near'
    description: 'The runner version new VMs install is close to GitHub\'s 30-day limit (RunnerVersionDeadlineNear).'
    severity: 2
    frequency: 'PT1H'
    window: 'PT2H'
    query: loadTextContent('../queries/runner-version-deadline.kql')
  }
]

resource rules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for alert in alerts: {
    name: '${namePrefix}-${alert.name}'
    location: location
    properties: {
      displayName: alert.displayName
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [appInsightsId]
      evaluationFrequency: alert.frequency
      windowSize: alert.window
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: empty(actionGroupId) ? [] : [actionGroupId]
      }
    }
  }
]
