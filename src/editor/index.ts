// The editor bundle's entry (scripts/build-editor.js -> resources/stripe-editor.js): defines
// window.NRStripeEditor, the API the nodes' html files use, once however many of them load the script.
import { catalogue, catalogueError, findOperation, searchCatalogue, setCatalogue } from './catalogue/catalogue';
import { loadCatalogue, revalidateNodes } from './catalogue/catalogue-load';
import { clientDefaults } from './dialogs/client-defaults';
import { closeClientDialog, prepareClientDialog } from './dialogs/client-dialog';
import { Dropdown } from './shared/dropdown';
import { eventsDefaults, prepareEventsDialog, saveEventsDialog } from './dialogs/events-dialog';
import { closeFleetDialog, fleetDefaults, fleetLabel, prepareFleetDialog } from './dialogs/fleet-dialog';
import { searchTypes } from './catalogue/event-types';
import { t } from './shared/i18n';
import {
  cancelOperationDialog,
  currentDialog,
  operationDefaults,
  prepareOperationDialog,
  saveOperationDialog,
} from './dialogs/operation-node';
import { operationSuggestions } from './catalogue/picker';
import { checkBaseUri, classifyKey, methodFor, pickerMethods, rawOperation } from '../rules';
import { queryWords, verbMethod } from './catalogue/search';
import { registerSidebar } from './sidebar';
import style from './style.css';
import { checkOperation, checkPath, hasValue, label, NAME, referenceUrl } from './catalogue/validation';

const API_VERSION = __STRIPE_API_VERSION__;
const API_VERSIONS = __STRIPE_API_VERSIONS__;

const api = {
  VERSION: __STRIPE_EDITOR_VERSION__,
  /** The API version of the bundled catalogue: the config node's default Stripe-Version. */
  API_VERSION,
  /** The API versions the catalogue knows, oldest first: the client dialog offers them. */
  API_VERSIONS,
  _: t,
  // the catalogue and the search
  loadCatalogue,
  setCatalogue,
  catalogue,
  catalogueError,
  findOperation,
  rawOperation,
  queryWords,
  verbMethod,
  search: (query: unknown, opts?: { methods?: readonly string[] | null }) =>
    searchCatalogue(query, opts?.methods ?? null),
  operationSuggestions,
  Dropdown,
  // validation and labels
  methodFor,
  pickerMethods,
  checkOperation,
  checkPath,
  hasValue,
  NAME,
  referenceUrl,
  label,
  revalidateNodes,
  // the operation nodes
  operationDefaults,
  prepareOperationDialog,
  saveOperationDialog,
  cancelOperationDialog,
  currentDialog,
  // the config node
  clientDefaults: () => clientDefaults(API_VERSION),
  prepareClientDialog: (node: Parameters<typeof prepareClientDialog>[0]) =>
    prepareClientDialog(node, API_VERSION, API_VERSIONS),
  closeClientDialog,
  classifyKey,
  // the fleet's config node (stripe-fleet)
  fleetDefaults,
  fleetLabel,
  prepareFleetDialog,
  closeFleetDialog,
  // the event nodes
  eventsDefaults,
  prepareEventsDialog,
  saveEventsDialog,
  searchEventTypes: searchTypes,
  /** The rules' code of a base URI's refusal (rules.baseUriScheme, ...), or 'ok'. */
  baseUriProblem: (v: unknown): string => {
    const checked = checkBaseUri(v);
    return checked.ok ? 'ok' : checked.problem.code;
  },
};

export type NRStripeEditor = typeof api;

declare global {
  interface Window {
    NRStripeEditor?: NRStripeEditor;
  }
}

function addStyle(): void {
  const element = document.createElement('style');
  element.id = 'stripe-editor-style';
  element.textContent = style;
  document.head.appendChild(element);
}

if (!window.NRStripeEditor) {
  window.NRStripeEditor = api;
  addStyle();
  // The Stripe sidebar tab, once per editor.
  registerSidebar();
}
