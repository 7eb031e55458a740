/** A row of counts, each a label over a large figure (the desk's day, the callback queue). */
export function StatTiles({ tiles, minWidth, gapBelow }: { tiles: { label: string; value: number; testId: string }[]; minWidth: number; gapBelow: number }) {
  return (
    <div className="row" style={{ alignItems: 'stretch', marginBottom: gapBelow }}>
      {tiles.map((tile) => (
        <div key={tile.testId} className="card" style={{ margin: 0, padding: '12px 16px', minWidth }}>
          <div className="muted small">{tile.label}</div>
          <div style={{ fontSize: 24, fontWeight: 600 }} data-testid={tile.testId}>
            {tile.value}
          </div>
        </div>
      ))}
    </div>
  );
}
