// Resource names derived from namePrefix, legal for every resource type the template creates whatever the prefix
// holds. Bicep has no regular expressions, so the prefix is cleaned character by character: lower case, letters
// and digits kept, anything else a hyphen, runs of hyphens collapsed and trimmed. A prefix that is already lower
// case letters and digits keeps the names it always had.

@export()
@description('The names of the resources, from the prefix and the resource group id (for a unique suffix).')
func resourceNames(namePrefix string, resourceGroupId string) object =>
  namesFor(orScaler(tidy(cleaned(namePrefix))), resourceGroupId)

func namesFor(stem string, resourceGroupId string) object => withSuffix(stem, uniqueString(resourceGroupId, stem))

// stem: lower case letters, digits and single inner hyphens, the start of every other name (at most as long as
// the prefix). storageAccount: 3-24 lower case letters and digits. keyVault: 3-24 letters, digits and single
// hyphens, starting with a letter, ending with a letter or digit. functionApp: at most 32 characters, so the
// Functions host id (the site name cut to 32) is the whole name. The 13-character suffix is kept whole in each.
func withSuffix(stem string, suffix string) object => {
  stem: stem
  storageAccount: '${take(replace(stem, '-', ''), 11)}${suffix}'
  keyVault: take(startsWithLetter(stem) ? '${tidy(take(stem, 11))}-kv-${suffix}' : 'kv-${tidy(take(stem, 11))}-${suffix}', 24)
  functionApp: '${tidy(take(stem, 18))}-${suffix}'
}

func startsWithLetter(value string) bool => contains('abcdefghijklmnopqrstuvwxyz', first(value))

// Each character lower-cased, or a hyphen when it is not a letter or digit.
func cleaned(value string) string =>
  join(map(range(0, length(value)), i => letterOrDigitOrHyphen(toLower(substring(value, i, 1)))), '')

func letterOrDigitOrHyphen(character string) string =>
  contains('abcdefghijklmnopqrstuvwxyz0123456789', character) ? character : '-'

// Runs of hyphens become one; leading and trailing hyphens go.
func tidy(value string) string => join(filter(split(value, '-'), part => !empty(part)), '-')

func orScaler(stem string) string => empty(stem) ? 'scaler' : stem
