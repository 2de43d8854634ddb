// The stripe-client config node's defaults (the property names are the public contract); each check
// is the runtime's rule, so the dialog marks exactly what a deployed client would refuse.
import { t } from './i18n';
import { validator } from './validator';
import { baseUriProblem, clientNumberRules, isAccountId, type NumberField } from './rules';

/** Empty means the default; anything else goes through Number() as the runtime's does. */
function numberOrEmpty(field: NumberField) {
  return validator((v) => {
    if (v === '' || v === undefined || v === null) return true;
    return clientNumberRules[field](Number(v)) ? true : t(`errors.${field}`);
  });
}

export function clientDefaults(apiVersion: string) {
  return {
    name: { value: '' },
    baseUri: {
      value: 'https://api.stripe.com',
      validate: validator((v) => {
        const problem = baseUriProblem(v);
        return problem ? t(`errors.${problem}`) : true;
      }),
    },
    apiVersion: { value: apiVersion },
    stripeAccount: {
      value: '',
      validate: validator((v) => (isAccountId(v) ? true : t('errors.stripeAccount'))),
    },
    logging: { value: false },
    timeout: { value: 80, validate: numberOrEmpty('timeout') },
    maxRetries: { value: 2, validate: numberOrEmpty('maxRetries') },
    rateLimit: { value: 0, validate: numberOrEmpty('rateLimit') },
  };
}
