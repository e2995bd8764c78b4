import type { CommandSpec } from '../types';
import { clear, echo, exit, help, history } from './builtins';
import { kubectl } from './kubectl';
import { minikube } from './minikube';

/** Every command the lab knows, in one table. */
export const COMMANDS: readonly CommandSpec[] = [help, clear, echo, history, exit, kubectl, minikube];
