// The Scaler__Pools__N__* app settings, generated from the same pools parameter as the scale sets.
// The names are those of Scaler.Core's PoolOptions; a test cross-checks them.
import { pool, standbySchedule, warmSchedule } from 'types.bicep'

@export()
@description('Every pool\'s app settings as { name, value } entries, in the order of the pools.')
func poolSettings(pools pool[], scaleSetIds string[], subnetId string) array =>
  flatten(map(range(0, length(pools)), i => concat(
    scalarSettings(i, pools[i], scaleSetIds[i], subnetId),
    listSettings(i, 'Labels', pools[i].labels),
    listSettings(i, 'VmSizes', pools[i].vmSizes),
    listSettings(i, 'AllowedRepositories', pools[i].?allowedRepositories ?? []),
    listSettings(i, 'Packages', pools[i].?packages ?? []),
    scheduleSettings(i, pools[i].?warmSchedules ?? []),
    standbyScheduleSettings(i, pools[i].?standbySchedules ?? [])
  )))

func scalarSettings(index int, p pool, scaleSetId string, subnetId string) array =>
  map(items({
    Name: p.name
    Scope: p.scope
    Owner: p.owner
    RunnerGroupId: string(p.?runnerGroupId ?? 1)
    ScaleSetId: scaleSetId
    SubnetId: subnetId
    Image: p.?image ?? 'Canonical:ubuntu-24_04-lts:server:latest'
    Spot: (p.?spot ?? false) ? 'true' : 'false'
    MaxRunners: string(p.?maxRunners ?? 10)
    MinIdle: string(p.?minIdle ?? 0)
    IdleTimeout: p.?idleTimeout ?? '00:05:00'
    BootTimeout: p.?bootTimeout ?? '00:10:00'
    MaxLifetime: p.?maxLifetime ?? '1.00:00:00'
    KeepUnhealthy: string(p.?keepUnhealthy ?? 0)
    OsDiskSizeGb: string(p.?osDiskSizeGb ?? 64)
    SshPublicKey: p.?sshPublicKey ?? ''
    RunnerSudo: (p.?runnerSudo ?? false) ? 'true' : 'false'
    RerunOnEviction: (p.?rerunOnEviction ?? false) ? 'true' : 'false'
    AllowPublicRepositories: (p.?allowPublicRepositories ?? false) ? 'true' : 'false'
    SetupScript: p.?setupScript ?? ''
    Standby__Size: string(p.?standbySize ?? 0)
    Standby__MaxAge: p.?standbyMaxAge ?? '23.00:00:00'
  }), entry => { name: 'Scaler__Pools__${index}__${entry.key}', value: entry.value })

func listSettings(index int, setting string, values string[]) array =>
  map(range(0, length(values)), j => { name: 'Scaler__Pools__${index}__${setting}__${j}', value: values[j] })

func scheduleSettings(index int, schedules warmSchedule[]) array =>
  flatten(map(range(0, length(schedules)), j => map(items({
    Cron: schedules[j].cron
    Duration: schedules[j].?duration ?? '10:00:00'
    MinIdle: string(schedules[j].minIdle)
    TimeZone: schedules[j].?timeZone ?? ''
  }), entry => { name: 'Scaler__Pools__${index}__WarmSchedules__${j}__${entry.key}', value: entry.value })))

func standbyScheduleSettings(index int, schedules standbySchedule[]) array =>
  flatten(map(range(0, length(schedules)), j => map(items({
    Cron: schedules[j].cron
    Duration: schedules[j].?duration ?? '10:00:00'
    Size: string(schedules[j].size)
    TimeZone: schedules[j].?timeZone ?? ''
  }), entry => { name: 'Scaler__Pools__${index}__Standby__Schedules__${j}__${entry.key}', value: entry.value })))
