/**
 * The two MX APIs this server can speak (ATRIUM.md, PLATFORM.md) and their
 * documented hosts, test environment first. How each is spoken lives in
 * `datasources/dialects`; configuration only needs these facts.
 */
export const UPSTREAM_API_NAMES = ["atrium", "platform"] as const;
export type UpstreamApiName = (typeof UPSTREAM_API_NAMES)[number];

export const UPSTREAM_API_HOSTS: Readonly<Record<UpstreamApiName, readonly string[]>> = {
  atrium: ["https://vestibule.mx.com", "https://atrium.mx.com"],
  platform: ["https://int-api.mx.com", "https://api.mx.com"],
};
