// The stripe-client config node's defaults (the property names are the public contract). Each check
// is the rules' own (src/rules), so the dialog marks exactly what a deployed client refuses, with
// the same message.
import { checkBaseUri, checkStripeAccount, NUMBER_SETTINGS, type Checked, type NumberSetting } from '../../rules';
import { fleetSetting } from './fleet-dialog';
import { ruleText } from '../shared/i18n';
import { validator } from '../shared/validator';

function verdict(checked: Checked<unknown>): true | string {
  return checked.ok ? true : ruleText(checked.problem);
}

function numberSetting(field: NumberSetting) {
  return validator((v) => verdict(NUMBER_SETTINGS[field](v)));
}

export function clientDefaults(apiVersion: string) {
  return {
    name: { value: '' },
    baseUri: { value: 'https://api.stripe.com', validate: validator((v) => verdict(checkBaseUri(v))) },
    apiVersion: { value: apiVersion },
    stripeAccount: { value: '', validate: validator((v) => verdict(checkStripeAccount(v, 'setting'))) },
    logging: { value: false },
    timeout: { value: 80, validate: numberSetting('timeout') },
    maxRetries: { value: 2, validate: numberSetting('maxRetries') },
    rateLimit: { value: 0, validate: numberSetting('rateLimit') },
    fleet: fleetSetting(),
  };
}
