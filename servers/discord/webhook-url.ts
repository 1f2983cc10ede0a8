/**
 * A webhook URL as Discord's UI copies it (`https://discord.com/api/webhooks/<id>/<token>`) carries no API
 * version, which Discord serves as the deprecated v6 (where `retry_after` is in milliseconds). We keep only its
 * base, id and token and always call `<base>/v10/webhooks/<id>/<token>`.
 */
export interface WebhookParts {
  /** Everything before `/webhooks/`, without a version segment: `https://discord.com/api`. */
  apiBase: string;
  id: string;
  token: string;
}

export function parseWebhookUrl(url: string): WebhookParts | undefined {
  const match = /^(https?:\/\/[^\s/]+(?:\/\S*?)?)\/webhooks\/(\d{15,22})\/([\w-]+)\/?$/.exec(url);
  if (!match) return undefined;
  return { apiBase: (match[1] as string).replace(/\/v\d+$/, ''), id: match[2] as string, token: match[3] as string };
}
