// Console settings (admins, settings.manage): each setting with what it does, its value, who changed it last and its
// recent changes; a new value is read against the setting's range (the database's, from get_settings) before it is
// sent, and the database checks it again on every path. Every change is audited with its reason.
import { useState, type FormEvent } from 'react';
import { settingKey } from '../../../../shared/ipc/admin';
import { parseSettingValue, describeRange } from '../../../../shared/settings';
import { NOTE_RULES, textProblem } from '../../../../shared/text';
import { errorMessage } from '../../api/client';
import { useSettings, type Settings } from '../../data/settings';
import { Field } from '../../ui/Field';
import { Banner, ErrorBanner, Skeleton } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { useToasts } from '../../ui/toasts';
import { formatSetting, orderedSettings, settingLabel, settingLabels } from './model';
import { useSettingHistory, useUpdateSetting } from './queries';
import './settings.css';

type SettingRow = Settings['rows'][number];

export default function SettingsScreen() {
  const settings = useSettings();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="subtitle">Changes apply to every staff member at once and are recorded in the audit log.</p>
        </div>
      </header>
      {settings.isPending ? (
        <Skeleton lines={6} />
      ) : settings.isError ? (
        <ErrorBanner title="The settings could not be loaded" error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <div className="settings-list">
          {orderedSettings(settings.data.rows).map((row) => (
            <SettingCard key={row.key} setting={row} />
          ))}
        </div>
      )}
    </div>
  );
}

function SettingCard(props: { setting: SettingRow }) {
  const { setting } = props;
  const toasts = useToasts();
  const update = useUpdateSetting();
  const history = useSettingHistory(setting.key);
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const key = settingKey.safeParse(setting.key);
  const rule = key.success ? setting.rule : null;
  const titleId = `setting-${setting.key}`;
  const label = settingLabel(setting.key);

  const parsed = rule && text.trim() !== '' ? parseSettingValue(text, rule) : null;
  const valueProblem = touched && text.trim() === '' ? 'Enter a value.' : parsed && !parsed.ok ? parsed.reason : null;
  const unchanged = parsed?.ok === true && parsed.value === setting.value;
  const reasonProblem = textProblem(reason, NOTE_RULES);

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (update.isPending || !key.success || !parsed?.ok || unchanged || reasonProblem) return;
    const value = parsed.value;
    update.mutate(
      { key: key.data, value, reason: reason.trim() || undefined },
      {
        onSuccess: () => {
          toasts.show({ kind: 'ok', message: `${label} is now ${formatSetting(value, setting.rule)}` });
          setText('');
          setReason('');
          setTouched(false);
        },
      },
    );
  }

  return (
    <section className="card setting-card" aria-labelledby={titleId}>
      <div className="setting-about">
        <h2 id={titleId}>{label}</h2>
        <p>{settingLabels[setting.key]?.effect ?? setting.description}</p>
        <dl className="props">
          <dt>Current value</dt>
          <dd className="setting-value">{formatSetting(setting.value, setting.rule)}</dd>
          <dt>Allowed</dt>
          <dd>{setting.rule ? describeRange(setting.rule) : '—'}</dd>
          <dt>Last changed</dt>
          <dd>{setting.updated_by ? `${setting.updated_by}, ${formatDateTime(setting.updated_at)}` : 'Never changed from the default'}</dd>
        </dl>
        <History settingKey={setting.key} history={history} rule={setting.rule} />
      </div>
      {rule ? (
        <form className="stack setting-form" onSubmit={submit} aria-label={`Change ${label}`} noValidate>
          <Field label="New value" hint={`Allowed: ${describeRange(rule)}.`} error={valueProblem}>
            <input
              className="input"
              inputMode={rule.decimals > 0 ? 'decimal' : 'numeric'}
              value={text}
              maxLength={32}
              placeholder={String(setting.value)}
              onChange={(event) => setText(event.target.value)}
              onBlur={() => text !== '' && setTouched(true)}
            />
          </Field>
          <Field label="Reason" hint="Recorded in the audit log with the change." error={reasonProblem}>
            <input className="input" value={reason} maxLength={NOTE_RULES.max} onChange={(event) => setReason(event.target.value)} />
          </Field>
          {unchanged && <p className="muted">That is the current value.</p>}
          {update.isError && (
            <Banner kind="error" title="Not changed">
              {errorMessage(update.error)}
            </Banner>
          )}
          <div className="row">
            <button className="btn primary" type="submit" disabled={update.isPending || !parsed?.ok || unchanged || Boolean(reasonProblem)}>
              {update.isPending ? 'Saving…' : 'Save'}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted">This version of the console does not know this setting, so it cannot be changed here.</p>
      )}
    </section>
  );
}

function History(props: { settingKey: string; history: ReturnType<typeof useSettingHistory>; rule: SettingRow['rule'] }) {
  const { history, rule } = props;
  const headingId = `setting-history-${props.settingKey}`;
  return (
    <section aria-labelledby={headingId} className="stack setting-history">
      <h3 id={headingId}>Recent changes</h3>
      {history.isPending ? (
        <Skeleton lines={1} />
      ) : history.isError ? (
        <ErrorBanner title="The changes could not be loaded" error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.rows.length === 0 ? (
        <p className="muted">No changes recorded.</p>
      ) : (
        <ol>
          {history.data.rows.map((entry) => (
            <li key={entry.id}>
              {formatSetting(entry.before, rule)} → <strong>{formatSetting(entry.after, rule)}</strong> by{' '}
              {entry.actor_email ?? 'the system'}
              <div className="muted">
                {formatDateTime(entry.occurred_at)}
                {entry.reason ? ` · ${entry.reason}` : ''}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
