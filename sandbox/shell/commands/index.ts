import type { CommandSpec } from '../types';
import { clear, echo, exit, falseCommand, help, history, trueCommand } from './builtins';
import { kubectl } from './kubectl';
import { minikube } from './minikube';
import { grep, head, sort, tail, uniq, wc } from './filters';
import { ip } from './ip';
import { route } from './route';
import { ping } from './ping';
import { traceroute } from './traceroute';
import { sysctl } from './sysctl';
import { cat, ls } from './files';
import { hostname, id, whoami } from './ident';
import { iptables, iptablesSave } from './iptables';
import { sudo } from './sudo';
import { curl } from './curl';
import { wget } from './wget';
import { docker } from './docker';
import { crictl } from './crictl';
import { nslookup } from './nslookup';
import { dig } from './dig';
import { getent } from './getent';

/** Every command the lab knows, in one table. */
export const COMMANDS: readonly CommandSpec[] = [help, clear, echo, history, exit, trueCommand, falseCommand, kubectl, minikube, grep, head, tail, wc, sort, uniq,
  ip, route, ping, traceroute, sysctl, cat, ls, hostname, whoami, id, iptables, iptablesSave, sudo, curl, wget, docker, crictl, nslookup, dig, getent];
