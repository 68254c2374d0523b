// The installation shown, chosen in the top bar; there only when the server watches several.

import { useInstallation } from '../../../app/installation';
import { useInstallations } from '../api/get-installations';
import { installationHealthLabel } from './installation-health';

export function InstallationSwitcher() {
  const { current, switchTo } = useInstallation();
  const { data } = useInstallations();
  const installations = data?.installations ?? [];
  if (installations.length < 2) return null;
  const shown = current ?? installations.find((installation) => installation.default)?.id ?? '';
  return (
    <label className="installation-switcher">
      <span className="visually-hidden">Installation</span>
      <select
        value={shown}
        onChange={(event) => {
          const chosen = installations.find((installation) => installation.id === event.target.value);
          if (chosen) switchTo(chosen.id, chosen.default);
        }}
      >
        {installations.map((installation) => (
          <option key={installation.id} value={installation.id}>
            {installation.id}
            {installation.health === 'ok' ? '' : ` (${installationHealthLabel(installation.health).toLowerCase()})`}
          </option>
        ))}
      </select>
    </label>
  );
}
