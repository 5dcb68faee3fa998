// A message's media for agents (SPEC §6): the bot's pictures are stored as URLs, a customer's
// images, voice notes and documents as { url, contentType } (Twilio's MediaUrlN/MediaContentTypeN).
// Pictures show inline, audio and video get players, anything else a link; only http(s) URLs.

import { mediaOf } from './media-refs';

export function MessageMedia({ stored }: { stored: unknown }) {
  return (
    <>
      {mediaOf(stored).map(({ url, contentType }) =>
        contentType.startsWith('image/') ? (
          <img class="msg-img" src={url} alt="" loading="lazy" key={url} />
        ) : contentType.startsWith('audio/') ? (
          <audio class="msg-media" controls preload="none" src={url} key={url} />
        ) : contentType.startsWith('video/') ? (
          <video class="msg-media" controls preload="none" src={url} key={url} />
        ) : (
          <a class="msg-media" href={url} target="_blank" rel="noopener noreferrer" key={url}>
            📎 {contentType}
          </a>
        ),
      )}
    </>
  );
}
