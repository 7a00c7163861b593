import { describe, expect, it } from 'vitest';
import { forecastFilter, forecastQuantityTopic, forecastTopic, horizonLevel, splitForecastTopic } from '../../src/topics/forecast.js';

describe('the forecast topics', () => {
  it('builds P/L/forecast, P/L/forecast/<N>h/<q>, P/L/forecast/today/<q> and the filter --purge reads', () => {
    expect(forecastTopic('home/wx', 'lisbon')).toBe('home/wx/lisbon/forecast');
    expect(forecastQuantityTopic('wx', 'lisbon', horizonLevel(24), 'pop')).toBe('wx/lisbon/forecast/24h/pop');
    expect(forecastQuantityTopic('wx', 'lisbon', 'today', 'temp_max')).toBe('wx/lisbon/forecast/today/temp_max');
    expect(forecastFilter('wx')).toBe('wx/+/forecast/#');
  });

  it.each([
    ['wx/lisbon/forecast', { level: 'lisbon' }],
    ['wx/lisbon/forecast/3h/temperature', { level: 'lisbon', group: '3h', leaf: 'temperature' }],
    ['wx/lisbon/forecast/3h', undefined],
    ['wx/lisbon/forecast/3h/a/b', undefined],
    ['wx/lisbon/temperature', undefined],
    ['wx/lisbon/forecasts/3h/temperature', undefined],
    ['other/lisbon/forecast', undefined],
    ['wxx/lisbon/forecast', undefined],
    // Another prefix of the same length: its levels would read as a location's forecast.
    ['ab/lisbon/forecast', undefined],
  ])('takes %s apart', (topic, parts) => {
    expect(splitForecastTopic('wx', topic)).toEqual(parts);
  });
});
