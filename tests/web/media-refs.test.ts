// What the dashboard shows agents of a message's media: both stored forms, nothing but http(s).
import { mediaOf } from '../../web/dashboard/media-refs';

test('bot pictures (URLs) and customer media ({ url, contentType }) read alike; other URLs are dropped', () => {
  expect(
    mediaOf([
      'https://cdn.example/kebab.jpg',
      { url: 'https://api.twilio.com/media/ME1', contentType: 'audio/ogg' },
      { url: 'https://api.twilio.com/media/ME2' },
      { url: 'javascript:alert(1)', contentType: 'image/png' },
      'data:text/html,hi',
      42,
      null,
    ]),
  ).toEqual([
    { url: 'https://cdn.example/kebab.jpg', contentType: 'image/*' },
    { url: 'https://api.twilio.com/media/ME1', contentType: 'audio/ogg' },
    { url: 'https://api.twilio.com/media/ME2', contentType: 'application/octet-stream' },
  ]);
  expect(mediaOf(null)).toEqual([]);
  expect(mediaOf({ url: 'https://x' })).toEqual([]);
});
