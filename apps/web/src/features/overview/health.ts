// How a component's health reads: word and tone.

import type { ComponentHealth, ComponentSummary } from '@quantum/api-contract';
import type { Tone } from '../../components/ui/status-badge';

const labels: Record<ComponentHealth, string> = {
  valid: 'Healthy',
  recovered: 'Recovered from backup',
  unrecoverable: 'Unrecoverable',
  empty: 'Never saved',
};

const tones: Record<ComponentHealth, Tone> = { valid: 'ok', recovered: 'warning', unrecoverable: 'error', empty: 'neutral' };

export function healthLabel(health: ComponentHealth): string {
  return labels[health];
}

export function healthTone(health: ComponentHealth): Tone {
  return tones[health];
}

/** HMAC status as far as the summary tells: the generation in use verified, or none did. */
export function hmacLabel(summary: ComponentSummary): string {
  if (summary.health === 'empty') return 'no file';
  if (summary.health === 'unrecoverable') return 'no generation verifies';
  if (summary.health === 'recovered') return `current rejected; ${summary.recoveredFrom ?? 'backup'} verified`;
  return 'verified';
}
