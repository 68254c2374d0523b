// A select of plain names with one blank choice first ("all", "choose…"): the value is the name
// itself, and the blank choice is the empty string (no filter, nothing chosen yet).

export interface ChoiceSelectProps {
  /** The id a <label htmlFor> (or Field) names the select by. */
  id: string;
  value: string;
  options: readonly string[];
  /** What the empty value reads as. */
  blankLabel: string;
  onChange: (value: string) => void;
}

export function ChoiceSelect({ id, value, options, blankLabel, onChange }: ChoiceSelectProps) {
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{blankLabel}</option>
      {options.map((option) => (
        <option key={option}>{option}</option>
      ))}
    </select>
  );
}
