// NNet: Open Example… for an example whose data is not shipped (fashion-mnist.nnet): what the
// picker and the message say, which files in a folder stand for the ones the example names,
// and the example's text when the data is found unpacked.
import * as assert from 'node:assert/strict';
import { parse } from '../../../src/core';
import { datasetOf, matchFiles, missingDataMessage, needsDataDescription, renameDataPaths } from '../../../src/extension/example-data';
import { readExample } from '../helpers';

const FASHION = readExample('fashion-mnist.nnet');
const FILES = [
  'data/fashion-mnist/train-images-idx3-ubyte.gz',
  'data/fashion-mnist/train-labels-idx1-ubyte.gz',
  'data/fashion-mnist/t10k-images-idx3-ubyte.gz',
  'data/fashion-mnist/t10k-labels-idx1-ubyte.gz',
];

describe('release: Open Example for data the extension does not ship', () => {
  it('knows fashion-mnist.nnet reads Fashion-MNIST, which Debian ships in /usr/share/datasets/fashion-mnist', () => {
    const dataset = datasetOf(FILES);
    assert.ok(dataset);
    assert.equal(dataset.debianFolder, '/usr/share/datasets/fashion-mnist');
    assert.equal(dataset.debianPackage, 'dataset-fashion-mnist');
    assert.equal(datasetOf(['digits.csv']), undefined);
  });

  it('says plainly in the picker what the example needs, and where it was found', () => {
    const dataset = datasetOf(FILES);
    const missing = needsDataDescription(dataset, FILES);
    assert.match(missing, /needs the Fashion-MNIST data \(not included\)/);
    assert.match(missing, /dataset-fashion-mnist in \/usr\/share\/datasets\/fashion-mnist/);
    assert.match(missing, /a folder you pick holding its 4 IDX files/);
    assert.match(needsDataDescription(dataset, FILES, '/usr/share/datasets/fashion-mnist'), /found in \/usr\/share\/datasets\/fashion-mnist; copied to a folder you choose/);
    const message = missingDataMessage('fashion-mnist.nnet', dataset, FILES);
    for (const f of FILES) assert.ok(message.includes(f.split('/').pop()!), f);
    assert.match(message, /sudo apt install dataset-fashion-mnist/);
    assert.match(message, /https:\/\/github\.com\/zalandoresearch\/fashion-mnist/);
  });

  it('matches the four IDX files in a folder, gzipped or unpacked, and names the missing ones', () => {
    const all = matchFiles(FILES, ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'README']);
    assert.deepEqual(all.missing, []);
    assert.equal(all.found.get(FILES[1]), 'train-labels-idx1-ubyte');
    assert.equal(all.found.get(FILES[0]), 'train-images-idx3-ubyte.gz');
    const some = matchFiles(FILES, ['train-images-idx3-ubyte.gz']);
    assert.deepEqual(some.missing, ['train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']);
  });

  it('renames a data path only where the data and labels lines name it', () => {
    const renamed = renameDataPaths(FASHION, new Map([[FILES[1], 'data/fashion-mnist/train-labels-idx1-ubyte']]));
    const data = parse(renamed).statements.filter((s) => s.kind === 'data');
    assert.deepEqual(
      data.flatMap((s) => (s.kind === 'data' ? [s.file?.value, s.labels?.file?.value] : [])),
      [FILES[0], 'data/fashion-mnist/train-labels-idx1-ubyte', FILES[2], FILES[3]],
    );
    // Everything else is the shipped text.
    assert.equal(renamed.replace('train-labels-idx1-ubyte"', 'train-labels-idx1-ubyte.gz"'), FASHION);
  });
});
