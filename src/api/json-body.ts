// The JSON body parser of the admin and dashboard APIs. A string holding a NUL character cannot be
// stored (PostgreSQL text refuses it), so such a body is a 400 like any other malformed JSON.
import express from 'express';

export const jsonBody = () =>
  express.json({
    limit: '256kb',
    reviver: (key: string, value: unknown) => {
      if (key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000'))) {
        throw new SyntaxError('JSON strings must not contain NUL characters');
      }
      return value;
    },
  });
