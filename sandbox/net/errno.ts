/** The errno values routing can return, with strerror() text as iproute2 and ping print it. */
export type Errno = 'ENETUNREACH' | 'EHOSTUNREACH' | 'EACCES' | 'EINVAL' | 'ENETDOWN' | 'EXDEV';

export const STRERROR: Record<Errno, string> = {
  ENETUNREACH: 'Network is unreachable',
  EHOSTUNREACH: 'No route to host',
  EACCES: 'Permission denied',
  EINVAL: 'Invalid argument',
  ENETDOWN: 'Network is down',
  EXDEV: 'Invalid cross-device link',
};
