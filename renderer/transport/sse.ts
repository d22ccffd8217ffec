// A minimal server-sent-events parser (the subset the hub uses: `id:`, `event:`, `data:`,
// comments, blank-line dispatch). Feed it text chunks as they arrive.
export type SseMessage = { id: string | null; event: string; data: string };

export function createSseParser(onMessage: (message: SseMessage) => void) {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | null = null;
  const line = (text: string) => {
    if (text === '') {
      if (data.length) onMessage({ id, event: event || 'message', data: data.join('\n') });
      data = [];
      event = '';
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id') id = value;
  };
  return (chunk: string) => {
    buffer += chunk;
    let index: number;
    while ((index = buffer.search(/\r\n|\r|\n/)) !== -1) {
      const text = buffer.slice(0, index);
      buffer = buffer.slice(index + (buffer.startsWith('\r\n', index) ? 2 : 1));
      line(text);
    }
  };
}
