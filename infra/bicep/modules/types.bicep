// The shape of one runner pool, shared by main.bicep and the modules that read it.

@export()
@description('One runner pool: a Flexible scale set and the Scaler__Pools__N__* app settings that describe it.')
type pool = {
  @description('1-24 lower-case letters, digits and inner hyphens; part of the scale set and VM names.')
  @minLength(1)
  @maxLength(24)
  name: string

  @description('The runner\'s labels besides self-hosted, e.g. [\'linux\', \'x64\'].')
  @minLength(1)
  labels: string[]

  @description('Where runners register: repo, org or enterprise (enterprise needs githubToken).')
  scope: 'repo' | 'org' | 'enterprise'

  @description('owner/repo, organization login or enterprise slug, depending on scope.')
  owner: string

  @description('Runner group id; 1 (the Default group) when left out.')
  runnerGroupId: int?

  @description('VM sizes in order of preference.')
  @minLength(1)
  vmSizes: string[]

  @description('Marketplace URN (publisher:offer:sku:version) or an image resource id in the runners\' resource group.')
  image: string?

  @description('Spot VMs (eviction policy Delete); false when left out.')
  spot: bool?

  @description('Most VMs of the pool at once, warm ones included; 10 when left out.')
  @minValue(1)
  @maxValue(10000)
  maxRunners: int?

  @description('Warm idle runners to keep; 0 when left out.')
  @minValue(0)
  minIdle: int?

  @description('TimeSpan: how long a runner may idle above minIdle; 00:05:00 when left out.')
  idleTimeout: string?

  @description('TimeSpan: how long a VM may take to register its runner; 00:10:00 when left out.')
  bootTimeout: string?

  @description('TimeSpan: longest life of a VM; 1.00:00:00 when left out.')
  maxLifetime: string?

  @description('VMs whose runner did not come online within bootTimeout kept stopped (deallocated) for investigation instead of deleted; 0 when left out.')
  @minValue(0)
  keepUnhealthy: int?

  @description('OS disk size in GiB; 64 when left out.')
  @minValue(30)
  @maxValue(4095)
  osDiskSizeGb: int?

  @description('OpenSSH public key for the runner user; nobody can log in when left out.')
  sshPublicKey: string?

  @description('Debian packages cloud-init installs at boot; git, curl, jq and docker.io when left out; [\'none\'] for none.')
  packages: string[]?

  @description('Re-run, once, a job that failed because its Spot VM was evicted (needs the App\'s Actions write permission); false when left out.')
  rerunOnEviction: bool?

  @description('Passwordless sudo for the runner user; false when left out.')
  runnerSudo: bool?

  @description('Take jobs of public repositories, whose forks\' pull requests can run code on the VMs; false when left out.')
  allowPublicRepositories: bool?

  @description('A shell script run as root before the runner starts; none when left out.')
  setupScript: string?

  @description('Windows with another warm minimum, e.g. business hours; the largest open one wins over minIdle.')
  warmSchedules: warmSchedule[]?

  @description('Prepared, deallocated VMs kept ready for jobs (billed for their disks only while they wait); 0 when left out.')
  @minValue(0)
  standbySize: int?

  @description('TimeSpan: a standby VM prepared longer ago is replaced (at most 30 days); 23.00:00:00 when left out.')
  standbyMaxAge: string?

  @description('Windows with another standby size; the largest open one wins over standbySize.')
  standbySchedules: standbySchedule[]?

  @description('owner/repo or owner/* allowed to use the pool; every repository in scope when left out.')
  allowedRepositories: string[]?
}

@export()
@description('A warm-pool window: opens at each occurrence of cron (5 fields, in timeZone) and lasts duration.')
type warmSchedule = {
  @description('When the window opens, e.g. 0 8 * * 1-5.')
  cron: string

  @description('TimeSpan: how long the window lasts; 10:00:00 when left out.')
  duration: string?

  @description('Warm runners kept while the window is open.')
  @minValue(0)
  minIdle: int

  @description('IANA time zone id; UTC when left out.')
  timeZone: string?
}

@export()
@description('A standby window: opens at each occurrence of cron (5 fields, in timeZone) and lasts duration.')
type standbySchedule = {
  @description('When the window opens, e.g. 0 8 * * 1-5.')
  cron: string

  @description('TimeSpan: how long the window lasts; 10:00:00 when left out.')
  duration: string?

  @description('Standby VMs kept while the window is open.')
  @minValue(0)
  size: int

  @description('IANA time zone id; UTC when left out.')
  timeZone: string?
}
