export interface ModelOption {
  id: string;
  label: string;
  organisation: string;
}

interface Props {
  label: string;
  value: string;
  options: readonly ModelOption[];
  onChange: (id: string) => void;
  /** An A or B badge before the select. */
  badge?: 'a' | 'b';
}

/** One model picker (its label is for screen readers); options show the organisation too, since labels repeat across providers. */
export function ModelSelect({ label, value, options, onChange, badge }: Props) {
  const known = options.some((o) => o.id === value);
  return (
    <label class="picker">
      {badge ? <span class={`side-badge side-badge-${badge}`}>{badge.toUpperCase()}</span> : null}
      <span class="visually-hidden">{label}</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {!known ? <option value={value}>{value || 'Choose a model'}</option> : null}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label} — {o.organisation}
          </option>
        ))}
      </select>
    </label>
  );
}
