// One chat bubble: text (right-to-left when Arabic), images, a shared location, and the bot's
// choices as WhatsApp shows them — quick-reply buttons, a list button, or numbered rows.
import { Icon } from '../shared/icons';
import { timeOf, type Lang } from '../shared/lang';
import { numberedChoices } from './parse';
import type { T } from './strings';
import type { Outgoing, PhoneLine } from './types';

interface Props {
  line: PhoneLine;
  lang: Lang;
  t: T;
  onSend(outgoing: Outgoing): void;
  onOpenList(line: PhoneLine): void;
}

export function Bubble({ line, lang, t, onSend, onOpenList }: Props) {
  const mine = line.direction === 'in';
  const numbered = !mine && !line.quickReplies && !line.list ? numberedChoices(line.body) : { intro: line.body, choices: [] };
  return (
    <div class={`wa-line ${mine ? 'mine' : 'theirs'}`} data-direction={line.direction}>
      <div class="wa-bubble">
        {line.mediaUrls.map((url) => (
          <img key={url} class="wa-img" src={url} alt="" loading="lazy" />
        ))}
        {line.location && (
          <div class="wa-location">
            <span class="wa-map" aria-hidden="true">
              <Icon name="pin" />
            </span>
            <span>
              <strong>{line.location.label ?? t('location')}</strong>
              <span class="wa-coords" dir="ltr">
                {line.location.lat.toFixed(4)}, {line.location.lng.toFixed(4)}
              </span>
            </span>
          </div>
        )}
        {numbered.intro && (
          <p class="wa-text" dir="auto">
            {numbered.intro}
          </p>
        )}
        <span class="wa-meta">
          {timeOf(line.at, lang)}
          {mine && <Icon name="checks" class="icon wa-ticks" />}
        </span>
      </div>
      {line.quickReplies && (
        <div class="wa-buttons">
          {line.quickReplies.map((b) => (
            <button key={b.id} type="button" class="wa-button" dir="auto" onClick={() => onSend({ buttonId: b.id, text: b.title })}>
              {b.title}
            </button>
          ))}
        </div>
      )}
      {line.list && (
        <div class="wa-buttons">
          <button type="button" class="wa-button" onClick={() => onOpenList(line)}>
            <Icon name="list" /> {line.list.button}
          </button>
        </div>
      )}
      {numbered.choices.length > 0 && (
        <div class="wa-choices" role="group" aria-label={t('tapToChoose')}>
          {numbered.choices.map((c) => (
            <button key={c.n} type="button" class="wa-choice" onClick={() => onSend({ text: String(c.n) })}>
              <span class="wa-num">{c.n}</span>
              <span dir="auto">{c.title}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
