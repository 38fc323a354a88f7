// Live training events: the training commands fire them, the graph panel follows them
// (its error curve and input-plane map). Neither feature imports the other.
import * as vscode from 'vscode';
import type { EpochError, TrainResult } from '../core';

export type TrainingEvent =
  | { readonly kind: 'start'; readonly uri: vscode.Uri; readonly epochs: number }
  | { readonly kind: 'progress'; readonly uri: vscode.Uri; readonly epoch: number; readonly error: EpochError; readonly weights?: readonly Float64Array[] }
  | { readonly kind: 'end'; readonly uri: vscode.Uri; readonly result?: TrainResult };

export class TrainingEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TrainingEvent>();
  readonly onDidTrain = this.emitter.event;

  fire(event: TrainingEvent): void {
    this.emitter.fire(event);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
