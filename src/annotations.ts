import { AnnotationEvent, AnnotationQuery, AnnotationSupport, DataFrame, Field, FieldType } from '@grafana/data';
import { Observable, of } from 'rxjs';

import { AnnotationQueryEditor } from './components/AnnotationQueryEditor';
import { DEFAULT_LIMIT } from './fields';
import { QueryType, ScpQuery } from './types';

function findField(frame: DataFrame, ...names: string[]): Field | undefined {
  for (const name of names) {
    const field = frame.fields.find((f) => f.name === name);
    if (field) {
      return field;
    }
  }
  return undefined;
}

function toTags(value: unknown): string[] | undefined {
  if (Array.isArray(value)) {
    return value.map(String).filter(Boolean);
  }
  if (typeof value === 'string' && value !== '') {
    return value
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
  }
  return undefined;
}

function toMillis(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string' && value !== '') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/**
 * Turns the backend's frames into events. Tasks and maintenance come as time/timeEnd/title/
 * text/tags/color; server and account logs as log lines (timestamp/body), whose level
 * becomes a tag.
 */
export function framesToEvents(frames: DataFrame[]): AnnotationEvent[] {
  const events: AnnotationEvent[] = [];
  for (const frame of frames) {
    const time = findField(frame, 'time', 'timestamp') ?? frame.fields.find((f) => f.type === FieldType.time);
    if (!time) {
      continue;
    }
    const timeEnd = findField(frame, 'timeEnd');
    const title = findField(frame, 'title');
    const text = findField(frame, 'text', 'body');
    const tags = findField(frame, 'tags');
    const level = findField(frame, 'severity', 'level');
    const color = findField(frame, 'color');
    for (let i = 0; i < frame.length; i++) {
      const start = toMillis(time.values[i]);
      if (start === undefined) {
        continue;
      }
      const end = toMillis(timeEnd?.values[i]);
      const event: AnnotationEvent = {
        time: start,
        title: title?.values[i] ?? undefined,
        text: text?.values[i] ?? undefined,
        tags: toTags(tags?.values[i]) ?? toTags(level?.values[i]),
        color: color?.values[i] || undefined,
      };
      if (end !== undefined && end > start) {
        event.timeEnd = end;
        event.isRegion = true;
      }
      events.push(event);
    }
  }
  return events;
}

export const annotationSupport: AnnotationSupport<ScpQuery> = {
  QueryEditor: AnnotationQueryEditor,
  getDefaultQuery: () => ({ queryType: QueryType.Tasks, serverMode: 'all', limit: DEFAULT_LIMIT }),
  processEvents: (_anno: AnnotationQuery<ScpQuery>, frames: DataFrame[]): Observable<AnnotationEvent[]> =>
    of(framesToEvents(frames)),
};
