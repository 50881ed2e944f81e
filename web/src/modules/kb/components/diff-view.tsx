import { theme } from 'antd';
import type { VersionDiff } from '../api.ts';

/** Words kept, added (underlined green) and removed (struck red) between two versions. */
export function DiffView({ runs }: { runs: VersionDiff['body'] }) {
  const { token } = theme.useToken();
  return (
    <div data-testid="version-diff" style={{ whiteSpace: 'pre-wrap', lineHeight: 1.7 }}>
      {runs.map((run, index) =>
        run.op === 'equal' ? (
          <span key={index}>{run.text}</span>
        ) : run.op === 'insert' ? (
          <ins key={index} style={{ background: token.colorSuccessBg, textDecoration: 'underline' }}>{run.text}</ins>
        ) : (
          <del key={index} style={{ background: token.colorErrorBg, color: token.colorError }}>{run.text}</del>
        ),
      )}
    </div>
  );
}
