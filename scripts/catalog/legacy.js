'use strict';
/*
 * What is known about operations of the 2024-04-10 document that stripe-node 23 no longer calls: the
 * API version that removed them (where Stripe's changelog says) and the operation to use instead.
 * This table is an input of the generator (knowledge, not output); an operation missing here is
 * still kept, marked `legacy: {}`.
 */
const BASIL = '2025-03-31.basil';

const LEGACY = {
  // Removed in basil (Stripe's changelog: "Removes the upcoming invoice APIs", "Removes legacy usage-based billing").
  GetInvoicesUpcoming: { removedIn: BASIL, replacement: 'PostInvoicesCreatePreview' },
  GetInvoicesUpcomingLines: { removedIn: BASIL, replacement: 'PostInvoicesCreatePreview' },
  PostSubscriptionItemsSubscriptionItemUsageRecords: { removedIn: BASIL, replacement: 'PostBillingMeterEvents' },
  GetSubscriptionItemsSubscriptionItemUsageRecordSummaries: {
    removedIn: BASIL,
    replacement: 'PostBillingMeterEvents',
  },

  // Aliases Stripe's spec keeps for older paths: the current path does the same.
  PostAccountsAccountBankAccounts: { replacement: 'PostAccountsAccountExternalAccounts' },
  GetAccountsAccountBankAccountsId: { replacement: 'GetAccountsAccountExternalAccountsId' },
  PostAccountsAccountBankAccountsId: { replacement: 'PostAccountsAccountExternalAccountsId' },
  DeleteAccountsAccountBankAccountsId: { replacement: 'DeleteAccountsAccountExternalAccountsId' },
  GetAccountsAccountPeople: { replacement: 'GetAccountsAccountPersons' },
  PostAccountsAccountPeople: { replacement: 'PostAccountsAccountPersons' },
  GetAccountsAccountPeoplePerson: { replacement: 'GetAccountsAccountPersonsPerson' },
  PostAccountsAccountPeoplePerson: { replacement: 'PostAccountsAccountPersonsPerson' },
  DeleteAccountsAccountPeoplePerson: { replacement: 'DeleteAccountsAccountPersonsPerson' },
  PostApplicationFeesIdRefund: { replacement: 'PostApplicationFeesIdRefunds' },
  GetBalanceHistory: { replacement: 'GetBalanceTransactions' },
  GetBalanceHistoryId: { replacement: 'GetBalanceTransactionsId' },
  GetChargesChargeDispute: { replacement: 'GetDisputesDispute' },
  PostChargesChargeDispute: { replacement: 'PostDisputesDispute' },
  PostChargesChargeDisputeClose: { replacement: 'PostDisputesDisputeClose' },
  PostChargesChargeRefund: { replacement: 'PostRefunds' },
  GetChargesChargeRefunds: { replacement: 'GetRefunds' },
  PostChargesChargeRefunds: { replacement: 'PostRefunds' },
  GetChargesChargeRefundsRefund: { replacement: 'GetRefundsRefund' },
  PostChargesChargeRefundsRefund: { replacement: 'PostRefundsRefund' },
  GetCustomersCustomerBankAccounts: { replacement: 'GetCustomersCustomerSources' },
  PostCustomersCustomerBankAccounts: { replacement: 'PostCustomersCustomerSources' },
  GetCustomersCustomerBankAccountsId: { replacement: 'GetCustomersCustomerSourcesId' },
  PostCustomersCustomerBankAccountsId: { replacement: 'PostCustomersCustomerSourcesId' },
  DeleteCustomersCustomerBankAccountsId: { replacement: 'DeleteCustomersCustomerSourcesId' },
  PostCustomersCustomerBankAccountsIdVerify: { replacement: 'PostCustomersCustomerSourcesIdVerify' },
  GetCustomersCustomerCards: { replacement: 'GetCustomersCustomerSources' },
  PostCustomersCustomerCards: { replacement: 'PostCustomersCustomerSources' },
  GetCustomersCustomerCardsId: { replacement: 'GetCustomersCustomerSourcesId' },
  PostCustomersCustomerCardsId: { replacement: 'PostCustomersCustomerSourcesId' },
  DeleteCustomersCustomerCardsId: { replacement: 'DeleteCustomersCustomerSourcesId' },
  GetCustomersCustomerDiscount: { replacement: 'GetCustomersCustomer' },
  GetCustomersCustomerSubscriptions: { replacement: 'GetSubscriptions' },
  PostCustomersCustomerSubscriptions: { replacement: 'PostSubscriptions' },
  GetCustomersCustomerSubscriptionsSubscriptionExposedId: { replacement: 'GetSubscriptionsSubscriptionExposedId' },
  PostCustomersCustomerSubscriptionsSubscriptionExposedId: { replacement: 'PostSubscriptionsSubscriptionExposedId' },
  DeleteCustomersCustomerSubscriptionsSubscriptionExposedId: {
    replacement: 'DeleteSubscriptionsSubscriptionExposedId',
  },
  GetCustomersCustomerSubscriptionsSubscriptionExposedIdDiscount: {
    replacement: 'GetSubscriptionsSubscriptionExposedId',
  },
  DeleteCustomersCustomerSubscriptionsSubscriptionExposedIdDiscount: {
    replacement: 'DeleteSubscriptionsSubscriptionExposedIdDiscount',
  },
  // The first names of Financial Connections.
  PostLinkAccountSessions: { replacement: 'PostFinancialConnectionsSessions' },
  GetLinkAccountSessionsSession: { replacement: 'GetFinancialConnectionsSessionsSession' },
  GetLinkedAccounts: { replacement: 'GetFinancialConnectionsAccounts' },
  GetLinkedAccountsAccount: { replacement: 'GetFinancialConnectionsAccountsAccount' },
  PostLinkedAccountsAccountDisconnect: { replacement: 'PostFinancialConnectionsAccountsAccountDisconnect' },
  GetLinkedAccountsAccountOwners: { replacement: 'GetFinancialConnectionsAccountsAccountOwners' },
  PostLinkedAccountsAccountRefresh: { replacement: 'PostFinancialConnectionsAccountsAccountRefresh' },
};

/** The legacy mark of an operation: `{ removedIn?, replacement? }` ({} when nothing is known). */
function legacyMark(id) {
  const known = LEGACY[id];
  const mark = {};
  if (known && known.removedIn) mark.removedIn = known.removedIn;
  if (known && known.replacement) mark.replacement = known.replacement;
  return mark;
}

module.exports = { LEGACY, legacyMark };
