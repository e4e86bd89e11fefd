import { failedOnlyForUnavailability } from '../../src/server/unavailable-status';

const unavailable = { message: 'The catalogue database is unavailable; try again shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } };

describe('which answers become HTTP 503', () => {
  it('an answer with no data whose every error is SERVICE_UNAVAILABLE', () => {
    expect(failedOnlyForUnavailability({ errors: [unavailable] })).toBe(true);
    expect(failedOnlyForUnavailability({ data: null, errors: [unavailable, unavailable] })).toBe(true);
  });

  it('an answer whose every root field errored for unavailability', () => {
    expect(failedOnlyForUnavailability({ data: { publication: null, topics: null }, errors: [unavailable, unavailable] })).toBe(true);
  });

  it('not a partial answer: some data came back', () => {
    expect(failedOnlyForUnavailability({ data: { publication: { title: 'x' }, topics: null }, errors: [unavailable] })).toBe(false);
  });

  it('not an answer with any other error besides', () => {
    expect(failedOnlyForUnavailability({ data: null, errors: [unavailable, { message: 'bad', extensions: { code: 'BAD_USER_INPUT' } }] })).toBe(false);
    expect(failedOnlyForUnavailability({ data: null, errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] })).toBe(false);
  });

  it('not a successful answer', () => {
    expect(failedOnlyForUnavailability({ data: { publication: null } })).toBe(false);
    expect(failedOnlyForUnavailability({ data: { publication: null }, errors: [] })).toBe(false);
  });
});
