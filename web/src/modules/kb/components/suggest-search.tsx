import { AutoComplete, Input } from 'antd';
import { useEffect, useState } from 'react';
import type { Suggestion } from '../api.ts';

/** A search box that offers keyword suggestions (关键词智能联想) once two characters are typed. */
export function SuggestSearch({ placeholder, label, suggest, onSearch, defaultValue = '', testId }: { placeholder: string; label: string; suggest: (q: string) => Promise<Suggestion[]>; onSearch: (q: string) => void; defaultValue?: string; testId?: string }) {
  const [value, setValue] = useState(defaultValue);
  const [options, setOptions] = useState<{ value: string }[]>([]);
  useEffect(() => {
    if ([...value.trim()].length < 2) {
      setOptions([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      suggest(value.trim())
        .then((items) => live && setOptions(items.map((item) => ({ value: item.text }))))
        .catch(() => live && setOptions([]));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [value, suggest]);
  return (
    <AutoComplete options={options} value={value} onChange={setValue} onSelect={(selected: string) => onSearch(selected)} style={{ width: '100%', maxWidth: 560 }} data-testid={testId}>
      <Input.Search placeholder={placeholder} aria-label={label} allowClear enterButton onSearch={(q) => onSearch(q)} />
    </AutoComplete>
  );
}
