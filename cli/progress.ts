/** A one-line progress bar on stderr, only when stderr is a terminal. */
export function progressBar(total: number, label: string): ((done: number) => void) | undefined {
  if (!process.stderr.isTTY || total < 2) return undefined;
  const width = 30;
  let last = -1;
  return (done: number) => {
    const filled = Math.round((done / total) * width);
    if (filled === last && done !== total) return;
    last = filled;
    process.stderr.write(`\r[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${label}`);
    if (done === total) process.stderr.write('\n');
  };
}
