// A scenario that references a config (`Config`) is the imported scenario with the file's own keys
// laid over it: objects merge key by key, Instances merge by InstanceId, anything else is replaced.

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function mergeInstances(base: unknown[], over: unknown[]): unknown[] {
  const result = base.map((entry) => (isObject(entry) ? { ...entry } : entry));
  for (const entry of over) {
    const id = isObject(entry) ? entry['InstanceId'] : undefined;
    const index = id === undefined ? -1 : result.findIndex((b) => isObject(b) && b['InstanceId'] === id);
    if (index >= 0 && isObject(entry)) result[index] = mergeObjects(result[index] as JsonObject, entry);
    else result.push(entry);
  }
  return result;
}

export function mergeObjects(base: JsonObject, over: JsonObject): JsonObject {
  const result: JsonObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = result[key];
    if (key === 'Instances' && Array.isArray(below) && Array.isArray(value)) result[key] = mergeInstances(below, value);
    else if (isObject(below) && isObject(value)) result[key] = mergeObjects(below, value);
    else result[key] = value;
  }
  return result;
}

/** Where a problem in the merged scenario is in the file's own text, or null when the config gave it. */
export function pathInFile(file: JsonObject, merged: JsonObject, path: ReadonlyArray<string | number>, missingKey: boolean): Array<string | number> | null {
  let fileNode: unknown = file;
  let mergedNode: unknown = merged;
  const result: Array<string | number> = [];
  const steps = missingKey ? path.slice(0, -1) : path;
  for (const segment of steps) {
    if (Array.isArray(mergedNode) && typeof segment === 'number' && result.length === 1 && result[0] === 'Instances') {
      // Instances merge by id, so the file's index of the same instance may differ.
      const id = isObject(mergedNode[segment]) ? (mergedNode[segment] as JsonObject)['InstanceId'] : undefined;
      const index = Array.isArray(fileNode) ? fileNode.findIndex((entry) => isObject(entry) && entry['InstanceId'] === id) : -1;
      if (index < 0) return null;
      result.push(index);
      fileNode = (fileNode as unknown[])[index];
      mergedNode = mergedNode[segment];
      continue;
    }
    if (Array.isArray(fileNode) && typeof segment === 'number' && segment < fileNode.length) fileNode = fileNode[segment];
    else if (isObject(fileNode) && typeof segment === 'string' && Object.hasOwn(fileNode, segment)) fileNode = fileNode[segment];
    else return null;
    mergedNode = Array.isArray(mergedNode) || isObject(mergedNode) ? (mergedNode as JsonObject)[segment as string] : undefined;
    result.push(segment);
  }
  return missingKey ? [...result, path[path.length - 1]!] : result;
}
