// A message's stored media in one form: bot pictures are stored as URL strings, a customer's media
// as { url, contentType } (Twilio's MediaUrlN / MediaContentTypeN). Only http(s) URLs are kept.

interface MediaRef {
  url: string;
  contentType: string;
}

const web = (url: unknown): url is string => typeof url === 'string' && /^https?:\/\//i.test(url);

/** The message's media, whichever of the two forms it was stored in. */
export function mediaOf(stored: unknown): MediaRef[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((m: unknown): MediaRef[] => {
    if (web(m)) return [{ url: m, contentType: 'image/*' }];
    if (typeof m !== 'object' || m === null) return [];
    const { url, contentType } = m as { url?: unknown; contentType?: unknown };
    return web(url) ? [{ url, contentType: typeof contentType === 'string' ? contentType : 'application/octet-stream' }] : [];
  });
}
