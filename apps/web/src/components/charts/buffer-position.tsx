// Where the circular replay buffer writes next, and how full it is.

export function BufferPosition({ capacity, size, nextIndex }: { capacity: number; size: number; nextIndex: number }) {
  const percent = (value: number) => (capacity > 0 ? (100 * value) / capacity : 0);
  return (
    <figure className="buffer-position">
      <div
        className="gauge-track"
        role="meter"
        aria-label="Replay buffer fill"
        aria-valuemin={0}
        aria-valuemax={capacity}
        aria-valuenow={size}
        aria-valuetext={`${size} of ${capacity} slots filled; next write at slot ${nextIndex}`}
      >
        <div className="gauge-used" style={{ width: `${percent(size)}%` }} />
        <div className="gauge-cursor" style={{ left: `${percent(nextIndex)}%` }} />
      </div>
      <figcaption>
        {size.toLocaleString('en-US')} of {capacity.toLocaleString('en-US')} slots · next write at slot {nextIndex.toLocaleString('en-US')}
      </figcaption>
    </figure>
  );
}
