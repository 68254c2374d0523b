// Pinned copies: verified generations kept outside the rotation, browsable and restorable as pin-<seq>.

import { Link } from 'react-router';
import type { ReactNode } from 'react';
import type { PinnedInfo } from '@quantum/api-contract';
import { formatBytes, formatTime } from '../../../lib/format';

export function PinList({ component, pins, actions }: { component: string; pins: PinnedInfo[]; actions?: (pin: PinnedInfo) => ReactNode }) {
  if (pins.length === 0) return <p className="state state-empty">No pinned generations.</p>;
  return (
    <table className="compact">
      <caption>Pinned generations</caption>
      <thead>
        <tr>
          <th scope="col">Pin</th>
          <th scope="col">Saved at</th>
          <th scope="col">Size</th>
          <th scope="col">Note</th>
          <th scope="col">Pinned by</th>
          {actions ? <th scope="col">Actions</th> : null}
        </tr>
      </thead>
      <tbody>
        {pins.map((pin) => (
          <tr key={pin.ref}>
            <th scope="row">
              <Link to={`/components/${component}/restore?generation=${pin.ref}`}>{pin.ref}</Link>
            </th>
            <td>{formatTime(pin.savedAt)}</td>
            <td>{formatBytes(pin.sizeBytes)}</td>
            <td>
              {pin.noteStatus}
              {pin.note ? `: ${pin.note}` : ''}
            </td>
            <td>{pin.automatic ? 'automatic' : (pin.pinnedBy ?? '—')}</td>
            {actions ? <td>{actions(pin)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
