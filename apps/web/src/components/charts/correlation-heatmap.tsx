// A symbols x symbols correlation matrix as coloured cells (blue negative, red positive), values in titles.

export function CorrelationHeatmap({ symbols, matrix, label }: { symbols: string[]; matrix: number[][]; label: string }) {
  const cell = Math.max(14, Math.min(36, Math.floor(480 / Math.max(1, symbols.length))));
  const labelWidth = 80;
  const size = symbols.length * cell;
  const colour = (value: number) => {
    const strength = Math.min(1, Math.abs(value));
    return value >= 0 ? `rgba(239, 83, 80, ${strength})` : `rgba(66, 165, 245, ${strength})`;
  };
  return (
    <figure className="chart heatmap">
      <svg role="img" aria-label={label} width={labelWidth + size} height={labelWidth + size}>
        {symbols.map((symbol, index) => (
          <g key={symbol}>
            <text x={labelWidth - 4} y={labelWidth + index * cell + cell * 0.7} textAnchor="end" fontSize={11} fill="#ccd">
              {symbol}
            </text>
            <text
              transform={`translate(${labelWidth + index * cell + cell * 0.7}, ${labelWidth - 4}) rotate(-60)`}
              fontSize={11}
              fill="#ccd"
            >
              {symbol}
            </text>
          </g>
        ))}
        {matrix.map((row, i) =>
          row.map((value, j) => (
            <rect key={`${i}-${j}`} x={labelWidth + j * cell} y={labelWidth + i * cell} width={cell - 1} height={cell - 1} fill={colour(value)}>
              <title>{`${symbols[i]} / ${symbols[j]}: ${value.toFixed(3)}`}</title>
            </rect>
          )),
        )}
      </svg>
    </figure>
  );
}
