/**
 * An empty object for a record that will gain many keys of its own (IP
 * addresses, names of peer namespaces): the same as `{}` in every observable
 * way, but V8 keeps it as a hash table from the start. Grown from `{}`, it
 * would first get a new hidden class for each key added, copying the key list
 * every time, until it converts at about a hundred keys; and as each record's
 * keys are its own, no two records share those classes.
 */
export function manyKeyRecord<T>(): Record<string, T> {
  const r: Record<string, T | undefined> = { a: undefined, b: undefined };
  // Deleting a key other than the last one added switches the object to dictionary mode.
  delete r.a;
  delete r.b;
  return r as Record<string, T>;
}

const heldShapes: object[] = [];

/**
 * Keeps an example object of a hot hidden class alive for the life of the
 * program. V8 picks a field's representation from the first values stored in
 * it: a number field that first sees a value above 2^31 keeps every later
 * value in a number box of its own, one more object per field for the
 * collector to copy (tens of thousands of routes in a big cluster). An example
 * made before any real object, with null in such fields, keeps them tagged:
 * small integers are stored inline, and a number object can be shared. Held
 * here, the hidden class also outlives the objects of one cluster, and the
 * code optimised for it stays valid for the next.
 */
export function holdShape(example: object): void {
  heldShapes.push(example);
}
