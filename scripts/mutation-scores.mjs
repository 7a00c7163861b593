// Prints the mutation score of every module from Stryker's JSON report and exits 1 when one is
// under the target (95 %). Score = killed / (killed + survived + no coverage), as Stryker counts
// it; mutants disabled in the source (`// Stryker disable … : reason`) and timeouts are left out
// of the denominator and counted as killed respectively, as Stryker does.
import { readFileSync } from 'node:fs';

const TARGET = Number(process.env.MUTATION_TARGET ?? 95);
const report = JSON.parse(readFileSync(process.argv[2] ?? 'reports/mutation/mutation.json', 'utf8'));
const rows = [];
let failing = 0;
for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const count = (status) => mutants.filter((m) => m.status === status).length;
  const killed = count('Killed') + count('Timeout');
  const survived = count('Survived');
  const uncovered = count('NoCoverage');
  const valid = killed + survived + uncovered;
  const score = valid === 0 ? 100 : (killed / valid) * 100;
  if (score < TARGET) failing++;
  rows.push(
    `| ${file} | ${score.toFixed(1)} % | ${killed} | ${survived} | ${uncovered} | ${count('Ignored')} |${score < TARGET ? ' under target' : ''}`,
  );
}
console.log(`| module | score | killed | survived | no coverage | ignored |\n|---|---|---|---|---|---|\n${rows.join('\n')}`);
console.log(failing === 0 ? `every module at or above ${TARGET} %` : `${failing} module(s) under ${TARGET} %`);
process.exit(failing === 0 ? 0 : 1);
