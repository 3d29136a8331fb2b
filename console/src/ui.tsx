import type { ComponentChildren, JSX } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { type ApiError, errorOf } from './api';
import { dateTime, workingDaysLeft } from './format';
import { knows, plural, t } from './i18n';

let ids = 0;
const nextId = (): string => `f${++ids}`;

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'label' | 'onInput' | 'value'> & {
  label: string;
  hint?: string;
  value: string;
  onValue: (value: string) => void;
  /** Takes the focus when it appears (a form opened by a button), for keyboard users. */
  focusOnOpen?: boolean;
};

/** A labelled input; its hint is tied to it for screen readers. */
export function Field({ label, hint, value, onValue, focusOnOpen, ...rest }: InputProps) {
  const id = useRef(nextId()).current;
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    if (focusOnOpen) input.current?.focus();
  }, [focusOnOpen]);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        ref={input}
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...rest}
      />
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

type SelectProps = {
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** `data`: the label is a value from the data (a person's name), shown as written. */
  options: readonly { value: string; label: string; data?: boolean }[];
  required?: boolean;
  testId?: string;
};

export function Select({ label, value, onValue, options, required, testId }: SelectProps) {
  const id = useRef(nextId()).current;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value}
        required={required}
        data-testid={testId}
        onChange={(event) => onValue(event.currentTarget.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value} data-value={option.data || undefined}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A group of checkboxes for a closed vocabulary (categories, operations, purposes). */
export function Choices<V extends string>(props: {
  legend: string;
  values: readonly V[];
  chosen: readonly V[];
  onChange: (chosen: V[]) => void;
  labelOf?: (value: V) => string;
  noteOf?: (value: V) => string | undefined;
}) {
  const { legend, values, chosen, onChange, labelOf, noteOf } = props;
  const groupId = useRef(nextId()).current;
  return (
    <fieldset class="choices">
      <legend>{legend}</legend>
      {values.map((value) => {
        const note = noteOf?.(value);
        const noteId = `${groupId}-${value}`;
        return (
          <div key={value} class="choice">
            <label>
              <input
                type="checkbox"
                checked={chosen.includes(value)}
                aria-describedby={note ? noteId : undefined}
                onChange={(event) =>
                  onChange(
                    event.currentTarget.checked
                      ? [...chosen, value]
                      : chosen.filter((item) => item !== value),
                  )
                }
              />
              {labelOf ? labelOf(value) : value}
            </label>
            {note && (
              <span id={noteId} class="note">
                {' '}
                {note}
              </span>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

export function errorText(error: ApiError): string {
  const key = `error.${error.code}`;
  if (knows(key)) return t(key);
  return error.message ?? t('error.other', { code: error.code });
}

/** The last failure of an action, announced to screen readers. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const apiError = errorOf(error);
  return (
    <p class="error" role="alert" data-testid="error">
      {errorText(apiError)} <span class="code">({apiError.code})</span>
    </p>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  if (!children) return null;
  return (
    <p class="notice" role="status" data-testid="notice">
      {children}
    </p>
  );
}

/** A deadline as people count it, with the exact Almaty time beside. */
export function Deadline({ due }: { due: string }) {
  const left = workingDaysLeft(new Date(due));
  const text =
    left < 0 ? t('days.overdue') : left === 0 ? t('days.today') : plural('days.left', left);
  return (
    <span class={left < 0 ? 'deadline overdue' : 'deadline'} data-testid="deadline">
      <strong>{text}</strong> <time dateTime={due}>{dateTime(due)}</time>
    </span>
  );
}

/**
 * A screen's title, focused when the screen opens so keyboard users start there. Focused
 * in the same task as the screen's first render (a layout effect): a passive effect runs
 * after paint, so a key pressed in between moved the focus into a field, and the late
 * focus then took it away mid-typing (the enrolment's token was cut short, intermittently).
 */
export function ScreenTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => ref.current?.focus(), []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

/**
 * A short form opened by a button for one required text (a revocation's reason, an
 * incident's closing note): the field takes the focus, Escape cancels, and when it closes
 * the focus goes back to the button that opened it, if that is still on the screen.
 */
export function ReasonForm(props: {
  testId: string;
  title: ComponentChildren;
  label: string;
  submitLabel: string;
  value: string;
  onValue: (value: string) => void;
  onSubmit: (event: Event) => void;
  onCancel: () => void;
  busy: boolean;
  error: unknown;
}) {
  const opener = useRef(document.activeElement as HTMLElement | null);
  useLayoutEffect(() => {
    const back = opener.current;
    // After the commit that removed the form (the cleanup runs before its nodes go), in the
    // same task, so no key can land on the page's body in between.
    return () =>
      queueMicrotask(() => {
        if (back?.isConnected && document.activeElement === document.body) back.focus();
      });
  }, []);
  return (
    <form
      class="panel"
      onSubmit={props.onSubmit}
      onKeyDown={(event) => event.key === 'Escape' && props.onCancel()}
      data-testid={props.testId}
    >
      {props.title}
      <Field label={props.label} required focusOnOpen value={props.value} onValue={props.onValue} />
      <ErrorNote error={props.error} />
      <div class="actions">
        <button type="submit" disabled={props.busy}>
          {props.submitLabel}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * The heading of what an action brought (a subject's data, a request's card): it takes
 * the focus when it appears, so a keyboard or screen-reader user lands on the result,
 * unless they have meanwhile started typing in a field.
 */
export function ResultTitle({ id, children }: { id: string; children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    const typing = document.activeElement?.matches('input, select, textarea');
    if (!typing) ref.current?.focus();
  }, []);
  return (
    <h2 id={id} tabIndex={-1} ref={ref}>
      {children}
    </h2>
  );
}
