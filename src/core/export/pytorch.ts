// Network → a readable PyTorch file: an nn.Sequential with the weights written in, the loss
// as the engine defines it, fixed weights masked out of training, the samples as tensors and
// a __main__ block that trains as the file's `train` line says (pytorch-train.ts), on one
// process or data-parallel. Float64 throughout, so outputs and gradients match the engine's.
import { trainOptionsOf } from '../engine/train';
import { TRAIN_DEFAULTS } from '../engine/update-rule';
import { LEAKY_SLOPE } from '../engine/activations';
import type { Network } from '../model/network';
import type { Activation } from '../vocabulary';
import { commentText, denseLayers, uniqueIdentifier, unmappedNotes, type DenseLayer } from './layers';
import { PYTHON_RANDOM, PYTHON_TRAINING } from './pytorch-train';

const MODULES: Record<Exclude<Activation, 'linear'>, string> = {
  sigmoid: 'nn.Sigmoid()',
  tanh: 'nn.Tanh()',
  relu: 'nn.ReLU()',
  leakyrelu: `nn.LeakyReLU(${LEAKY_SLOPE})`,
  softmax: 'nn.Softmax(dim=-1)',
};

/** A Python float literal that reads back as exactly this double. */
function py(x: number): string {
  if (Number.isNaN(x)) return 'float("nan")';
  if (!Number.isFinite(x)) return x > 0 ? 'float("inf")' : '-float("inf")';
  const s = String(x);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/**
 * Names a layer cannot have as a module: Python keywords (`model.class` is a syntax error) and
 * nn.Sequential's own attributes (`add_module` refuses `forward`, `training`, `to`, …; torch 1.13
 * to 2.x).
 */
const RESERVED = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield ' +
    'T_destination add_module append apply bfloat16 buffers call_super_init children compile cpu cuda double dump_patches eval extend extra_repr float forward get_buffer get_extra_state ' +
    'get_parameter get_submodule half insert ipu load_state_dict modules mtia named_buffers named_children named_modules named_parameters parameters pop register_backward_hook register_buffer ' +
    'register_forward_hook register_forward_pre_hook register_full_backward_hook register_full_backward_pre_hook register_load_state_dict_post_hook register_load_state_dict_pre_hook ' +
    'register_module register_parameter register_state_dict_post_hook register_state_dict_pre_hook requires_grad_ set_extra_state set_submodule share_memory state_dict to to_empty train training type xpu zero_grad'
  ).split(' '),
);

function matrixRows(values: Float64Array, rows: number, columns: number, indent: string, comment: (r: number) => string): string {
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < columns; c++) row.push(py(values[r * columns + c]));
    lines.push(`${indent}[${row.join(', ')}],  # ${comment(r)}`);
  }
  return lines.join('\n');
}

function vector(values: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i++) parts.push(py(values[i]));
  return `[${parts.join(', ')}]`;
}

function lossSource(network: Network): string {
  const last = network.layers[network.layers.length - 1].activation;
  if (network.loss === 'mse') {
    return `def loss_fn(output, target):
    """nnet's mse: E = ½·Σ (target − output)², summed over the outputs and the samples."""
    return 0.5 * ((target - output) ** 2).sum()`;
  }
  if (last === 'softmax') {
    return `def loss_fn(output, target):
    """nnet's crossentropy after softmax: E = −Σ target·ln(output), summed over the outputs and the samples."""
    return -torch.xlogy(target, output).sum()`;
  }
  return `def loss_fn(output, target):
    """nnet's crossentropy after sigmoid: E = −Σ [t·ln(o) + (1 − t)·ln(1 − o)], summed over the outputs and the samples."""
    return -(torch.xlogy(target, output) + torch.xlogy(1 - target, 1 - output)).sum()`;
}

function trainDict(network: Network): string {
  const o = trainOptionsOf(network.train);
  const d = TRAIN_DEFAULTS;
  const entries: [string, string][] = [
    ['method', `"${o.method}"`],
    ['rate', py(o.rate ?? (o.method === 'adam' ? d.adam.rate : d.backprop.rate))],
    ['momentum', py(o.momentum ?? d.backprop.momentum)],
    ['beta1', py(o.beta1 ?? d.adam.beta1)],
    ['beta2', py(o.beta2 ?? d.adam.beta2)],
    ['epsilon', py(o.epsilon ?? d.adam.epsilon)],
    ['batch_size', String(o.batchSize ?? 0)],
    ['epochs', String(o.epochs ?? d.epochs)],
    ['until', o.until === undefined ? 'None' : py(o.until)],
    ['seed', String(o.seed ?? 0)],
  ];
  return `# The file's train line; batch_size 1 = online, 0 = the whole set.\nTRAIN = {\n${entries.map(([k, v]) => `    "${k}": ${v},`).join('\n')}\n}`;
}

function notes(network: Network): string[] {
  const list = unmappedNotes(network, 'pytorch');
  if (network.train.method === 'rprop') {
    list.push(
      "train rprop: nnet runs iRPROP+ (Igel & Hüsken 2000), torch.optim.Rprop is iRPROP- (no weight backtracking). Both take Encog's constants here (first step 0.1, ×1.2 / ×0.5, steps in [1e-6, 50]), so they agree step for step until an epoch whose error rose meets a gradient sign change: iRPROP+ then undoes that weight's last step, torch does not.",
    );
  }
  if (network.convention === 'heaton') list.push("PyTorch's .grad is ∂E/∂w (the calculus convention); nnet's Heaton gradients are its negatives.");
  return list;
}

export interface PyTorchExportOptions {
  /** The .nnet file's name, for the header. */
  readonly sourceName?: string;
  /** The Python file's own name, for the usage lines (default net.py). */
  readonly fileName?: string;
}

export function toPyTorch(network: Network, options: PyTorchExportOptions = {}): string {
  const module = (options.fileName ?? 'net.py').replace(/\.py$/, '').replace(/[^A-Za-z0-9_]/g, '_');
  const dense = denseLayers(network);
  const used = new Set<string>();
  const names = dense.map((l) => uniqueIdentifier(l.name, used, RESERVED));
  // Names from the file and the command line go into comments: escaped, so a line break in a
  // file name cannot end the comment and start code.
  const title = commentText(network.name ?? 'network');
  const sourceName = options.sourceName === undefined ? undefined : commentText(options.sourceName);
  const file = commentText(options.fileName ?? 'net.py');
  const parts: string[] = [];
  parts.push(`# ${title}: exported by nnet${sourceName ? ` from ${sourceName}` : ''}.
#
#   python3 ${file}                 train on one process as nnet does
#   python3 ${file} --workers 2     data-parallel (DistributedDataParallel) on this machine
#   MASTER_ADDR=… MASTER_PORT=… RANK=… WORLD_SIZE=… python3 ${file}   one process per machine
#
# In another script: \`from ${module} import model, loss_fn, inputs, targets\`.
#
# Not mapped exactly:
${notes(network).map((n) => `#   - ${n}`).join('\n') || '#   (nothing: this file computes what nnet computes)'}
`);
  parts.push(`import argparse
import datetime
import json
import os
import socket
import sys
import threading
import time
from collections import OrderedDict

import torch
from torch import nn

torch.set_default_dtype(torch.float64)

NETWORK = ${JSON.stringify(network.name ?? 'network')}
LOSS = "${network.loss}"
`);
  const modules: string[] = [];
  dense.forEach((l, k) => {
    const from = network.layers[k];
    modules.push(`    ("${names[k]}", nn.Linear(${l.inputs}, ${l.units}, bias=${l.bias ? 'True' : 'False'})),  # ${l.unitNodes.join(' ')} <- ${l.sourceNodes.join(' ')}${l.biasNode ? ` + bias ${l.biasNode}` : ''} (layer ${from.name} -> ${l.name})`);
    if (l.activation !== 'linear') modules.push(`    ("${uniqueIdentifier(`${names[k]}_${l.activation}`, used, RESERVED)}", ${MODULES[l.activation]}),`);
  });
  parts.push(`model = nn.Sequential(OrderedDict([\n${modules.join('\n')}\n]))\n`);
  parts.push(`# Weights as the .nnet file has them: row = destination node, column = source node.\nwith torch.no_grad():\n${dense.map((l, k) => weightAssignments(l, names[k])).join('\n')}\n`);
  parts.push(fixedMasks(dense, names));
  parts.push(`${lossSource(network)}\n`);
  const inputsRows: string[] = [];
  const targetRows: string[] = [];
  for (const s of network.samples) {
    inputsRows.push(`    ${vector(s.inputs)},`);
    targetRows.push(`    ${vector(s.targets)},`);
  }
  const inWidth = network.layers[0].nodes.length;
  const outWidth = network.layers[network.layers.length - 1].nodes.length;
  parts.push(`# The samples (${network.samples.length}), in file order.\ninputs = torch.tensor([\n${inputsRows.join('\n')}\n]).reshape(-1, ${inWidth})\ntargets = torch.tensor([\n${targetRows.join('\n')}\n]).reshape(-1, ${outWidth})\n`);
  parts.push(trainDict(network));
  return `${parts.join('\n')}\n${PYTHON_RANDOM}${PYTHON_TRAINING}`;
}

function weightAssignments(l: DenseLayer, name: string): string {
  const lines = [`    model.${name}.weight.copy_(torch.tensor([\n${matrixRows(l.kernel, l.units, l.inputs, '        ', (r) => `${l.unitNodes[r]} <- ${l.sourceNodes.join(' ')}`)}\n    ]))`];
  if (l.bias) lines.push(`    model.${name}.bias.copy_(torch.tensor(${vector(l.bias)}))  # ${l.biasNode} -> ${l.unitNodes.join(' ')}`);
  return lines.join('\n');
}

function fixedMasks(dense: DenseLayer[], names: string[]): string {
  const masks: string[] = [];
  dense.forEach((l, k) => {
    if (l.kernelFixed.some((f) => f !== 0)) {
      const trainable = Float64Array.from(l.kernelFixed, (f) => (f ? 0 : 1));
      masks.push(`    "${names[k]}.weight": torch.tensor([\n${matrixRows(trainable, l.units, l.inputs, '        ', (r) => l.unitNodes[r])}\n    ]),`);
    }
    if (l.biasFixed && l.biasFixed.some((f) => f !== 0)) masks.push(`    "${names[k]}.bias": torch.tensor(${vector(Float64Array.from(l.biasFixed, (f) => (f ? 0 : 1)))}),`);
  });
  return `# Fixed weights: their gradient is multiplied by 0, so no optimizer moves them (1 = trained).
FIXED_MASKS = ${masks.length ? `{\n${masks.join('\n')}\n}` : '{}'}


def _mask_fixed(net):
    for name, parameter in net.named_parameters():
        if name in FIXED_MASKS:
            parameter.register_hook(lambda grad, mask=FIXED_MASKS[name]: grad * mask.to(grad.device))


_mask_fixed(model)

`;
}
