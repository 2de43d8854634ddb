/** proxy-from-env ships no type declarations; the one function the transport uses. */
declare module 'proxy-from-env' {
  /** The proxy URL the environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, ...) gives for a URL, or ''. */
  export function getProxyForUrl(url: string): string;
}
