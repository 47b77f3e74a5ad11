import type { RefusedFile } from '../../../../common/schemas/image';
import type { ImageSummary } from '../../../../common/schemas/view';

/** Files the batch refused or only partly read, each with its reasons: images and files that never became one. */
export function FileTable({ images, refusedFiles }: { images: ImageSummary[]; refusedFiles: RefusedFile[] }) {
  const problems = [
    ...images.filter((i) => i.status === 'refused' || i.status === 'partial'),
    ...refusedFiles.map((f) => ({
      sha256: '',
      path: f.path,
      status: f.code === 'duplicate' ? 'duplicate' : 'refused',
      reasons: [{ code: f.code, message: f.message }],
      beats: 0,
    })),
  ];
  if (!problems.length) return <p className="muted">No file was refused or only partly read.</p>;
  return (
    <table className="table files" aria-label="Refused and partial files">
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Status</th>
          <th scope="col">Why</th>
          <th scope="col">Beats</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((i) => (
          <tr key={`${i.sha256}:${i.path}`} className={`status-${i.status}`}>
            <td>
              <code title={i.path}>{i.path}</code>
            </td>
            <td>
              <span className={`pill pill-${i.status}`}>{i.status}</span>
            </td>
            <td>
              {i.reasons.map((r) => (
                <div key={r.code + r.message}>
                  <code>{r.code}</code> {r.message}
                </div>
              ))}
            </td>
            <td>{i.beats}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
