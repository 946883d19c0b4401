// Example parameters: two organization pools, deployed with a GitHub App.
// Secrets come from the environment of the shell that runs `az deployment group create`:
//   SCALER_WEBHOOK_SECRET, SCALER_GITHUB_APP_ID, SCALER_GITHUB_APP_PRIVATE_KEY (PEM), or SCALER_GITHUB_TOKEN.
using 'main.bicep'

param namePrefix = 'scaler'

param webhookSecret = readEnvironmentVariable('SCALER_WEBHOOK_SECRET')
param githubAppId = readEnvironmentVariable('SCALER_GITHUB_APP_ID', '')
param githubAppPrivateKey = readEnvironmentVariable('SCALER_GITHUB_APP_PRIVATE_KEY', '')
param githubToken = readEnvironmentVariable('SCALER_GITHUB_TOKEN', '')

param pools = [
  {
    // Everyday Linux jobs on Spot VMs, with two warm runners (ten in office hours) so most jobs start at once.
    name: 'linux-x64'
    labels: ['linux', 'x64']
    scope: 'org'
    owner: 'contoso'
    vmSizes: ['Standard_D4ads_v5', 'Standard_D4as_v5']
    spot: true
    maxRunners: 50
    minIdle: 2
    idleTimeout: '00:10:00'
    warmSchedules: [
      { cron: '0 8 * * 1-5', duration: '10:00:00', minIdle: 10, timeZone: 'Europe/Berlin' }
    ]
  }
  {
    // GPU jobs on regular VMs, for two repositories only: none kept warm, one kept on standby (two in office hours) (the driver is installed
    // once; a stopped VM bills for its disk only) so a job starts in the time a stopped VM takes to start.
    name: 'gpu'
    labels: ['linux', 'x64', 'gpu']
    scope: 'org'
    owner: 'contoso'
    vmSizes: ['Standard_NC4as_T4_v3']
    maxRunners: 4
    bootTimeout: '00:20:00'
    maxLifetime: '08:00:00'
    osDiskSizeGb: 128
    packages: ['git', 'curl', 'jq', 'docker.io', 'nvidia-driver-550-server']
    allowedRepositories: ['contoso/ml-training', 'contoso/inference']
    standbySize: 1
    standbySchedules: [
      { cron: '0 8 * * 1-5', duration: '10:00:00', size: 2, timeZone: 'Europe/Berlin' }
    ]
  }
]
