// No SDK: the floor every runtime number sits on (page, harness and DOM work alone).
export function init() {
  return Promise.resolve({ success: true });
}

export function identify() {}

export function updateMeta() {}
