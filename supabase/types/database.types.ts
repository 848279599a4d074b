
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "console": {
          Tables: {
            "assessment_monthly": {
                  Row: {
                    "completed": number,"cultural_n": number,"cultural_sum": number,"embedding_n": number,"embedding_sum": number,"individual_n": number,"individual_sum": number,"leadership_n": number,"leadership_sum": number,"month": string,"organization_id": string | null,"overall_n": number,"overall_sum": number,"updated_at": string,"velocity_n": number,"velocity_sum": number
                  }
                  ComputedFields: never
                  Insert: {
                    "completed"?: number,"cultural_n"?: number,"cultural_sum"?: number,"embedding_n"?: number,"embedding_sum"?: number,"individual_n"?: number,"individual_sum"?: number,"leadership_n"?: number,"leadership_sum"?: number,"month": string,"organization_id"?: string | null,"overall_n"?: number,"overall_sum"?: number,"updated_at"?: string,"velocity_n"?: number,"velocity_sum"?: number
                  }
                  Update: {
                    "completed"?: number,"cultural_n"?: number,"cultural_sum"?: number,"embedding_n"?: number,"embedding_sum"?: number,"individual_n"?: number,"individual_sum"?: number,"leadership_n"?: number,"leadership_sum"?: number,"month"?: string,"organization_id"?: string | null,"overall_n"?: number,"overall_sum"?: number,"updated_at"?: string,"velocity_n"?: number,"velocity_sum"?: number
                  }
                  Relationships: [
                    
                  ]
                },"assessment_monthly_platform": {
                  Row: {
                    "completed": number,"cultural_n": number,"cultural_sum": number,"embedding_n": number,"embedding_sum": number,"individual_n": number,"individual_sum": number,"leadership_n": number,"leadership_sum": number,"month": string,"overall_n": number,"overall_sum": number,"updated_at": string,"velocity_n": number,"velocity_sum": number
                  }
                  ComputedFields: never
                  Insert: {
                    "completed"?: number,"cultural_n"?: number,"cultural_sum"?: number,"embedding_n"?: number,"embedding_sum"?: number,"individual_n"?: number,"individual_sum"?: number,"leadership_n"?: number,"leadership_sum"?: number,"month": string,"overall_n"?: number,"overall_sum"?: number,"updated_at"?: string,"velocity_n"?: number,"velocity_sum"?: number
                  }
                  Update: {
                    "completed"?: number,"cultural_n"?: number,"cultural_sum"?: number,"embedding_n"?: number,"embedding_sum"?: number,"individual_n"?: number,"individual_sum"?: number,"leadership_n"?: number,"leadership_sum"?: number,"month"?: string,"overall_n"?: number,"overall_sum"?: number,"updated_at"?: string,"velocity_n"?: number,"velocity_sum"?: number
                  }
                  Relationships: [
                    
                  ]
                },"audit_log": {
                  Row: {
                    "action": string,"actor_email": string | null,"actor_id": string | null,"actor_role": string,"after": Json | null,"before": Json | null,"entity": string,"entity_id": string | null,"id": number,"occurred_at": string,"reason": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "action": string,"actor_email"?: string | null,"actor_id"?: string | null,"actor_role"?: string,"after"?: Json | null,"before"?: Json | null,"entity": string,"entity_id"?: string | null,"id"?: never,"occurred_at"?: string,"reason"?: string | null
                  }
                  Update: {
                    "action"?: string,"actor_email"?: string | null,"actor_id"?: string | null,"actor_role"?: string,"after"?: Json | null,"before"?: Json | null,"entity"?: string,"entity_id"?: string | null,"id"?: never,"occurred_at"?: string,"reason"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"reconciliation_items": {
                  Row: {
                    "hg_amount": number | null,"hg_created_at": string | null,"hg_currency": string | null,"hg_status": string | null,"kind": string,"line": number | null,"occurred_at": string | null,"outcome": string,"payment_id": string | null,"processor_amount": number | null,"processor_currency": string | null,"processor_status": string | null,"refund_id": string | null,"run_id": string,"seq": number,"transaction_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "hg_amount"?: number | null,"hg_created_at"?: string | null,"hg_currency"?: string | null,"hg_status"?: string | null,"kind": string,"line"?: number | null,"occurred_at"?: string | null,"outcome": string,"payment_id"?: string | null,"processor_amount"?: number | null,"processor_currency"?: string | null,"processor_status"?: string | null,"refund_id"?: string | null,"run_id": string,"seq": number,"transaction_id": string
                  }
                  Update: {
                    "hg_amount"?: number | null,"hg_created_at"?: string | null,"hg_currency"?: string | null,"hg_status"?: string | null,"kind"?: string,"line"?: number | null,"occurred_at"?: string | null,"outcome"?: string,"payment_id"?: string | null,"processor_amount"?: number | null,"processor_currency"?: string | null,"processor_status"?: string | null,"refund_id"?: string | null,"run_id"?: string,"seq"?: number,"transaction_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"reconciliation_rows": {
                  Row: {
                    "amount": number,"currency": string,"kind": string,"line": number,"occurred_at": string,"run_id": string,"status": string,"transaction_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"currency": string,"kind": string,"line": number,"occurred_at": string,"run_id": string,"status": string,"transaction_id": string
                  }
                  Update: {
                    "amount"?: number,"currency"?: string,"kind"?: string,"line"?: number,"occurred_at"?: string,"run_id"?: string,"status"?: string,"transaction_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"reconciliation_runs": {
                  Row: {
                    "amount_mismatch": number,"completed_at": string | null,"created_at": string,"created_by": string | null,"duplicate_in_file": number,"file_name": string,"id": string,"kinds": (string)[],"matched": number,"missing_at_processor": number,"missing_in_humanglue": number,"period_from": string | null,"period_to": string | null,"provider": string,"row_count": number,"status": string,"status_mismatch": number,"totals": NonNullable<Json>
                  }
                  ComputedFields: never
                  Insert: {
                    "amount_mismatch"?: number,"completed_at"?: string | null,"created_at"?: string,"created_by"?: string | null,"duplicate_in_file"?: number,"file_name": string,"id"?: string,"kinds"?: (string)[],"matched"?: number,"missing_at_processor"?: number,"missing_in_humanglue"?: number,"period_from"?: string | null,"period_to"?: string | null,"provider": string,"row_count"?: number,"status"?: string,"status_mismatch"?: number,"totals"?: NonNullable<Json>
                  }
                  Update: {
                    "amount_mismatch"?: number,"completed_at"?: string | null,"created_at"?: string,"created_by"?: string | null,"duplicate_in_file"?: number,"file_name"?: string,"id"?: string,"kinds"?: (string)[],"matched"?: number,"missing_at_processor"?: number,"missing_in_humanglue"?: number,"period_from"?: string | null,"period_to"?: string | null,"provider"?: string,"row_count"?: number,"status"?: string,"status_mismatch"?: number,"totals"?: NonNullable<Json>
                  }
                  Relationships: [
                    
                  ]
                },"review_decisions": {
                  Row: {
                    "decided_at": string,"decided_by": string | null,"decision": string,"from_moderated_at": string | null,"from_moderated_by": string | null,"from_note": string | null,"from_reason": string | null,"from_status": string,"from_version": number,"id": string,"note": string | null,"reason": string | null,"review_id": string,"to_status": string,"to_version": number,"undone_at": string | null,"undone_by": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "decided_at"?: string,"decided_by"?: string | null,"decision": string,"from_moderated_at"?: string | null,"from_moderated_by"?: string | null,"from_note"?: string | null,"from_reason"?: string | null,"from_status": string,"from_version": number,"id"?: string,"note"?: string | null,"reason"?: string | null,"review_id": string,"to_status": string,"to_version": number,"undone_at"?: string | null,"undone_by"?: string | null
                  }
                  Update: {
                    "decided_at"?: string,"decided_by"?: string | null,"decision"?: string,"from_moderated_at"?: string | null,"from_moderated_by"?: string | null,"from_note"?: string | null,"from_reason"?: string | null,"from_status"?: string,"from_version"?: number,"id"?: string,"note"?: string | null,"reason"?: string | null,"review_id"?: string,"to_status"?: string,"to_version"?: number,"undone_at"?: string | null,"undone_by"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"saved_view_defaults": {
                  Row: {
                    "screen": string,"user_id": string,"view_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "screen": string,"user_id": string,"view_id": string
                  }
                  Update: {
                    "screen"?: string,"user_id"?: string,"view_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "saved_view_defaults_view_id_fkey"
      columns: ["view_id"]
isOneToOne: false
      referencedRelation: "saved_views"
      referencedColumns: ["id"]
    }
                  ]
                },"saved_views": {
                  Row: {
                    "created_at": string,"id": string,"name": string,"owner_id": string,"screen": string,"shared_with_role": string | null,"state": NonNullable<Json>,"updated_at": string,"updated_by": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"id"?: string,"name": string,"owner_id": string,"screen": string,"shared_with_role"?: string | null,"state": NonNullable<Json>,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Update: {
                    "created_at"?: string,"id"?: string,"name"?: string,"owner_id"?: string,"screen"?: string,"shared_with_role"?: string | null,"state"?: NonNullable<Json>,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"settings": {
                  Row: {
                    "description": string,"key": string,"updated_at": string,"updated_by": string | null,"value": NonNullable<Json>
                  }
                  ComputedFields: never
                  Insert: {
                    "description": string,"key": string,"updated_at"?: string,"updated_by"?: string | null,"value": NonNullable<Json>
                  }
                  Update: {
                    "description"?: string,"key"?: string,"updated_at"?: string,"updated_by"?: string | null,"value"?: NonNullable<Json>
                  }
                  Relationships: [
                    
                  ]
                }
          }
          Views: {
            [_ in never]: never
          }
          Functions: {
            "add_reconciliation_batch":
{ Args: { "p_rows": string,"p_run_id": string }; Returns: {
              "added": number,"row_count": number,"run_id": string
            }[]
                           },
"add_reconciliation_rows":
{ Args: { "p_rows": Json,"p_run_id": string }; Returns: {
              "added": number,"row_count": number,"run_id": string
            }[]
                           },
"approve_refund":
{ Args: { "p_refund_id": string }; Returns: {
              "amount": number,"approved_at": string,"approved_by": string,"completed_at": string,"completed_by": string,"created_at": string,"currency": string,"failure_reason": string,"id": string,"idempotency_key": string,"note": string,"payment_id": string,"payment_refund_amount": number,"payment_refundable": number,"payment_status": string,"provider": string,"provider_refund_id": string,"reason": string,"replayed": boolean,"requested_by": string,"status": string,"updated_at": string
            }[]
                           },
"cancel_registration":
{ Args: { "p_reason"?: string,"p_registration_id": string }; Returns: {
              "cancelled_at": string,"currency": string,"id": string,"payment_id": string,"refundable": number,"status": string
            }[]
                           },
"confirm_refund":
{ Args: { "p_provider_refund_id": string,"p_refund_id": string }; Returns: {
              "amount": number,"approved_at": string,"approved_by": string,"completed_at": string,"completed_by": string,"created_at": string,"currency": string,"failure_reason": string,"id": string,"idempotency_key": string,"note": string,"payment_id": string,"payment_refund_amount": number,"payment_refundable": number,"payment_status": string,"provider": string,"provider_refund_id": string,"reason": string,"replayed": boolean,"requested_by": string,"status": string,"updated_at": string
            }[]
                           },
"count_audit":
{ Args: { "p_action"?: string,"p_actor_id"?: string,"p_entity"?: string,"p_entity_id"?: string,"p_from"?: string,"p_to"?: string }; Returns: {
              "is_estimate": boolean,"total": number
            }[]
                           },
"count_payments":
{ Args: { "p_currency"?: (string)[],"p_from"?: string,"p_max_amount"?: number,"p_min_amount"?: number,"p_provider"?: (string)[],"p_search"?: string,"p_status"?: (string)[],"p_to"?: string,"p_type"?: (string)[] }; Returns: {
              "is_estimate": boolean,"total": number
            }[]
                           },
"count_reconciliation_runs":
{ Args: { "p_created_by"?: string,"p_provider"?: string,"p_status"?: string }; Returns: {
              "is_estimate": boolean,"total": number
            }[]
                           },
"count_refunds":
{ Args: { "p_from"?: string,"p_payment_id"?: string,"p_status"?: (string)[],"p_to"?: string }; Returns: {
              "is_estimate": boolean,"total": number
            }[]
                           },
"count_reviews":
{ Args: { "p_from"?: string,"p_max_rating"?: number,"p_min_rating"?: number,"p_search"?: string,"p_status"?: (string)[],"p_to"?: string,"p_type"?: (string)[],"p_verified"?: boolean }; Returns: {
              "is_estimate": boolean,"total": number
            }[]
                           },
"count_users":
{ Args: { "p_role"?: string,"p_search"?: string,"p_status"?: string }; Returns: {
              "is_estimate": boolean,"total": number
            }[]
                           },
"create_saved_view":
{ Args: { "p_name": string,"p_screen": string,"p_shared_with_role"?: string,"p_state": Json }; Returns: {
              "id": string,"updated_at": string
            }[]
                           },
"decide_review":
{ Args: { "p_decision": string,"p_expected_version": number,"p_note"?: string,"p_reason"?: string,"p_review_id": string }; Returns: {
              "decision_id": string,"id": string,"moderation_reason": string,"status": string,"undo_until": string,"version": number
            }[]
                           },
"decide_reviews":
{ Args: { "p_decision": string,"p_items": Json,"p_note"?: string,"p_reason"?: string }; Returns: {
              "decision_id": string,"error": string,"error_code": string,"id": string,"ok": boolean,"status": string,"version": number
            }[]
                           },
"decide_testimonial":
{ Args: { "p_decision": string,"p_expected_updated_at"?: string,"p_reason"?: string,"p_testimonial_id": string }; Returns: {
              "id": string,"state": string,"updated_at": string,"verified": boolean
            }[]
                           },
"delete_saved_view":
{ Args: { "p_view_id": string }; Returns: undefined
                           },
"discard_reconciliation_run":
{ Args: { "p_run_id": string }; Returns: {
              "file_name": string,"run_id": string,"staged_rows": number
            }[]
                           },
"export_payments":
{ Args: { "p_after"?: Json,"p_currency"?: (string)[],"p_desc"?: boolean,"p_from"?: string,"p_limit"?: number,"p_max_amount"?: number,"p_min_amount"?: number,"p_provider"?: (string)[],"p_search"?: string,"p_sort"?: string,"p_status"?: (string)[],"p_to"?: string,"p_type"?: (string)[] }; Returns: {
              "amount": number,"created_at": string,"currency": string,"cursor": Json,"description": string,"id": string,"invoice_number": string,"invoice_url": string,"organization_id": string,"organization_name": string,"payer_email": string,"payer_name": string,"payment_type": string,"provider": string,"refund_amount": number,"refunded_at": string,"related_entity_id": string,"related_name": string,"status": string,"transaction_id": string,"user_id": string
            }[]
                           },
"export_payments_csv":
{ Args: { "p_after"?: Json,"p_currency"?: (string)[],"p_desc"?: boolean,"p_from"?: string,"p_limit"?: number,"p_max_amount"?: number,"p_min_amount"?: number,"p_provider"?: (string)[],"p_search"?: string,"p_sort"?: string,"p_status"?: (string)[],"p_to"?: string,"p_type"?: (string)[] }; Returns: {
              "csv": string,"next_after": Json,"row_count": number
            }[]
                           },
"export_reconciliation_items":
{ Args: { "p_after"?: Json,"p_desc"?: boolean,"p_kind"?: string,"p_limit"?: number,"p_outcome"?: string,"p_run_id": string }; Returns: {
              "cursor": Json,"hg_amount": number,"hg_created_at": string,"hg_currency": string,"hg_status": string,"kind": string,"line": number,"occurred_at": string,"outcome": string,"payment_id": string,"processor_amount": number,"processor_currency": string,"processor_status": string,"refund_id": string,"run_id": string,"seq": number,"transaction_id": string
            }[]
                           },
"fail_refund":
{ Args: { "p_reason"?: string,"p_refund_id": string,"p_status"?: string }; Returns: {
              "amount": number,"approved_at": string,"approved_by": string,"completed_at": string,"completed_by": string,"created_at": string,"currency": string,"failure_reason": string,"id": string,"idempotency_key": string,"note": string,"payment_id": string,"payment_refund_amount": number,"payment_refundable": number,"payment_status": string,"provider": string,"provider_refund_id": string,"reason": string,"replayed": boolean,"requested_by": string,"status": string,"updated_at": string
            }[]
                           },
"finish_reconciliation":
{ Args: { "p_run_id": string }; Returns: {
              "amount_mismatch": number,"completed_at": string,"created_at": string,"created_by": string,"created_by_email": string,"created_by_name": string,"duplicate_in_file": number,"file_name": string,"id": string,"kinds": (string)[],"matched": number,"missing_at_processor": number,"missing_in_humanglue": number,"period_from": string,"period_to": string,"provider": string,"row_count": number,"status": string,"status_mismatch": number,"totals": Json
            }[]
                           },
"get_organization":
{ Args: { "p_organization_id": string }; Returns: {
              "can_manage": boolean,"can_see_trends": boolean,"completed_assessments": number,"engagements": Json,"members": Json,"organization": Json,"payments": Json,"workshops": Json
            }[]
                           },
"get_payment":
{ Args: { "p_payment_id": string }; Returns: Json
                           },
"get_reconciliation_run":
{ Args: { "p_run_id": string }; Returns: {
              "amount_mismatch": number,"completed_at": string,"created_at": string,"created_by": string,"created_by_email": string,"created_by_name": string,"duplicate_in_file": number,"file_name": string,"id": string,"kinds": (string)[],"matched": number,"missing_at_processor": number,"missing_in_humanglue": number,"period_from": string,"period_to": string,"provider": string,"row_count": number,"status": string,"status_mismatch": number,"totals": Json
            }[]
                           },
"get_review":
{ Args: { "p_review_id": string }; Returns: {
              "id": string,"review_text": string,"updated_at": string,"version": number
            }[]
                           },
"get_settings":
{ Args: Record<PropertyKey, never>; Returns: {
              "decimals": number,"description": string,"key": string,"maximum": number,"minimum": number,"unit": string,"updated_at": string,"updated_by_email": string,"value": Json
            }[]
                           },
"get_workshop":
{ Args: { "p_workshop_id": string }; Returns: {
              "can_manage": boolean,"counts": Json,"paid_registrations": number,"workshop": Json
            }[]
                           },
"grant_role":
{ Args: { "p_expires_at"?: string,"p_organization_id"?: string,"p_reason"?: string,"p_role": string,"p_user_id": string }; Returns: {
              "expires_at": string,"id": string,"organization_id": string,"role": string,"user_id": string
            }[]
                           },
"list_audit":
{ Args: { "p_action"?: string,"p_actor_id"?: string,"p_after"?: Json,"p_desc"?: boolean,"p_entity"?: string,"p_entity_id"?: string,"p_from"?: string,"p_limit"?: number,"p_to"?: string }; Returns: {
              "action": string,"actor_email": string,"actor_id": string,"after": Json,"before": Json,"cursor": Json,"entity": string,"entity_id": string,"id": number,"occurred_at": string,"reason": string
            }[]
                           },
"list_certificates":
{ Args: { "p_after"?: Json,"p_desc"?: boolean,"p_limit"?: number,"p_search"?: string,"p_sort"?: string,"p_state"?: string,"p_user_id"?: string,"p_workshop_id"?: string }; Returns: {
              "certificate_number": string,"certificate_type": string,"cursor": Json,"email": string,"expiry_date": string,"full_name": string,"id": string,"is_verified": boolean,"issue_date": string,"revocation_reason": string,"revoked_at": string,"title": string,"user_id": string,"workshop_id": string,"workshop_title": string
            }[]
                           },
"list_engagement_sessions":
{ Args: { "p_after"?: Json,"p_desc"?: boolean,"p_engagement_id"?: string,"p_limit"?: number,"p_sort"?: string,"p_status"?: string }; Returns: {
              "cursor": Json,"duration_hours": number,"ended_at": string,"engagement_id": string,"engagement_title": string,"has_notes": boolean,"id": string,"scheduled_at": string,"session_type": string,"started_at": string,"status": string
            }[]
                           },
"list_engagements":
{ Args: { "p_after"?: Json,"p_desc"?: boolean,"p_limit"?: number,"p_organization_id"?: string,"p_search"?: string,"p_sort"?: string,"p_status"?: string }; Returns: {
              "client_id": string,"client_name": string,"created_at": string,"cursor": Json,"end_date": string,"expert_id": string,"expert_name": string,"focus_area": string,"hourly_rate": number,"hours_total": number,"hours_used": number,"id": string,"organization_id": string,"organization_name": string,"start_date": string,"status": string,"title": string
            }[]
                           },
"list_org_assessments":
{ Args: { "p_after"?: Json,"p_limit"?: number,"p_organization_id": string,"p_status"?: string }; Returns: {
              "assessment_type": string,"completed_at": string,"cultural_score": number,"cursor": Json,"embedding_score": number,"full_name": string,"id": string,"individual_score": number,"leadership_score": number,"overall_score": number,"status": string,"user_id": string,"velocity_score": number
            }[]
                           },
"list_organizations":
{ Args: { "p_limit"?: number,"p_search"?: string }; Returns: {
              "completed_assessments": number,"id": string,"last_assessment_month": string,"name": string,"slug": string,"subscription_tier": string
            }[]
                           },
"list_payments":
{ Args: { "p_after"?: Json,"p_currency"?: (string)[],"p_desc"?: boolean,"p_from"?: string,"p_limit"?: number,"p_max_amount"?: number,"p_min_amount"?: number,"p_provider"?: (string)[],"p_search"?: string,"p_sort"?: string,"p_status"?: (string)[],"p_to"?: string,"p_type"?: (string)[] }; Returns: {
              "amount": number,"created_at": string,"currency": string,"cursor": Json,"description": string,"id": string,"invoice_number": string,"invoice_url": string,"organization_id": string,"organization_name": string,"payer_email": string,"payer_name": string,"payment_type": string,"provider": string,"refund_amount": number,"refunded_at": string,"related_entity_id": string,"related_name": string,"status": string,"transaction_id": string,"user_id": string
            }[]
                           },
"list_platform_organizations":
{ Args: { "p_activity"?: string,"p_after"?: Json,"p_desc"?: boolean,"p_limit"?: number,"p_search"?: string,"p_sort"?: string,"p_tier"?: string }; Returns: {
              "completed_assessments": number,"created_at": string,"cursor": Json,"id": string,"last_activity_at": string,"members": number,"name": string,"slug": string,"subscription_status": string,"subscription_tier": string,"website": string
            }[]
                           },
"list_reconciliation_items":
{ Args: { "p_after"?: Json,"p_desc"?: boolean,"p_kind"?: string,"p_limit"?: number,"p_outcome"?: string,"p_run_id": string }; Returns: {
              "cursor": Json,"hg_amount": number,"hg_created_at": string,"hg_currency": string,"hg_status": string,"kind": string,"line": number,"occurred_at": string,"outcome": string,"payment_id": string,"processor_amount": number,"processor_currency": string,"processor_status": string,"refund_id": string,"run_id": string,"seq": number,"transaction_id": string
            }[]
                           },
"list_reconciliation_runs":
{ Args: { "p_after"?: Json,"p_created_by"?: string,"p_desc"?: boolean,"p_limit"?: number,"p_provider"?: string,"p_status"?: string }; Returns: {
              "amount_mismatch": number,"completed_at": string,"created_at": string,"created_by": string,"created_by_email": string,"created_by_name": string,"cursor": Json,"duplicate_in_file": number,"file_name": string,"id": string,"kinds": (string)[],"matched": number,"missing_at_processor": number,"missing_in_humanglue": number,"period_from": string,"period_to": string,"provider": string,"row_count": number,"status": string,"status_mismatch": number,"totals": Json
            }[]
                           },
"list_refunds":
{ Args: { "p_after"?: Json,"p_desc"?: boolean,"p_from"?: string,"p_limit"?: number,"p_payment_id"?: string,"p_status"?: (string)[],"p_to"?: string }; Returns: {
              "amount": number,"approved_at": string,"approved_by": string,"approved_by_name": string,"completed_at": string,"completed_by": string,"created_at": string,"currency": string,"cursor": Json,"failure_reason": string,"id": string,"invoice_number": string,"note": string,"payer_email": string,"payment_amount": number,"payment_id": string,"payment_status": string,"provider": string,"provider_refund_id": string,"reason": string,"requested_by": string,"requested_by_name": string,"status": string,"transaction_id": string
            }[]
                           },
"list_registrations":
{ Args: { "p_after"?: Json,"p_desc"?: boolean,"p_limit"?: number,"p_sort"?: string,"p_status"?: string,"p_user_id"?: string,"p_workshop_id"?: string }; Returns: {
              "attended": boolean,"cancelled_at": string,"certificate_id": string,"certificate_number": string,"completed_at": string,"cursor": Json,"email": string,"full_name": string,"id": string,"payment_id": string,"payment_status": string,"price_paid": number,"refundable": number,"registered_at": string,"status": string,"user_id": string,"workshop_id": string,"workshop_title": string
            }[]
                           },
"list_reviews":
{ Args: { "p_after"?: Json,"p_desc"?: boolean,"p_from"?: string,"p_limit"?: number,"p_max_rating"?: number,"p_min_rating"?: number,"p_search"?: string,"p_sort"?: string,"p_status"?: (string)[],"p_to"?: string,"p_type"?: (string)[],"p_verified"?: boolean }; Returns: {
              "created_at": string,"cursor": Json,"excerpt": string,"helpful_count": number,"id": string,"moderated_at": string,"moderated_by_name": string,"moderation_reason": string,"not_helpful_count": number,"rating": number,"response_text": string,"review_type": string,"reviewer_email": string,"reviewer_id": string,"reviewer_name": string,"signals": (string)[],"status": string,"target_id": string,"target_name": string,"title": string,"verified_purchase": boolean,"version": number
            }[]
                           },
"list_saved_views":
{ Args: { "p_screen": string }; Returns: {
              "can_change": boolean,"id": string,"is_default": boolean,"is_mine": boolean,"name": string,"owner_id": string,"owner_name": string,"screen": string,"shared_with_role": string,"state": Json,"updated_at": string
            }[]
                           },
"list_talent":
{ Args: { "p_after"?: Json,"p_availability"?: string,"p_desc"?: boolean,"p_limit"?: number,"p_search"?: string,"p_sort"?: string }; Returns: {
              "active_engagements": number,"availability": string,"created_at": string,"cursor": Json,"email": string,"engagements": number,"full_name": string,"hourly_rate": number,"id": string,"is_public": boolean,"rating": number,"review_count": number,"tagline": string,"testimonials_pending": number,"user_id": string
            }[]
                           },
"list_testimonials":
{ Args: { "p_after"?: Json,"p_limit"?: number,"p_state"?: string,"p_talent_profile_id"?: string }; Returns: {
              "client_company": string,"client_name": string,"client_title": string,"cursor": Json,"decided_at": string,"decided_by_email": string,"expert_name": string,"id": string,"is_featured": boolean,"metric": string,"quote": string,"rejection_reason": string,"state": string,"talent_profile_id": string,"updated_at": string,"verified": boolean
            }[]
                           },
"list_users":
{ Args: { "p_after"?: Json,"p_desc"?: boolean,"p_limit"?: number,"p_role"?: string,"p_search"?: string,"p_sort"?: string,"p_status"?: string }; Returns: {
              "company_name": string,"created_at": string,"cursor": Json,"email": string,"full_name": string,"id": string,"last_sign_in_at": string,"roles": Json,"status": string
            }[]
                           },
"list_workshops":
{ Args: { "p_after"?: Json,"p_desc"?: boolean,"p_from"?: string,"p_limit"?: number,"p_search"?: string,"p_sort"?: string,"p_status"?: string,"p_to"?: string }; Returns: {
              "average_rating": number,"capacity_remaining": number,"capacity_total": number,"currency": string,"cursor": Json,"id": string,"instructor_id": string,"instructor_name": string,"price_amount": number,"registrations": number,"review_count": number,"schedule_date": string,"schedule_time": string,"status": string,"title": string
            }[]
                           },
"my_access":
{ Args: Record<PropertyKey, never>; Returns: {
              "capabilities": (string)[],"email": string,"full_name": string,"roles": (string)[],"user_id": string
            }[]
                           },
"org_trends":
{ Args: { "p_include_platform"?: boolean,"p_months": number,"p_org_ids": (string)[] }; Returns: {
              "assessment_count": number,"avg_cultural": number,"avg_embedding": number,"avg_individual": number,"avg_leadership": number,"avg_overall": number,"avg_velocity": number,"month": string,"organization_id": string,"organization_name": string,"suppressed": boolean
            }[]
                           },
"payment_totals":
{ Args: { "p_currency"?: (string)[],"p_from"?: string,"p_max_amount"?: number,"p_min_amount"?: number,"p_provider"?: (string)[],"p_search"?: string,"p_status"?: (string)[],"p_to"?: string,"p_type"?: (string)[] }; Returns: {
              "amount": number,"currency": string,"payments": number,"refunded": number,"status": string
            }[]
                           },
"preview_workshop_cancellation":
{ Args: { "p_workshop_id": string }; Returns: {
              "amount": number,"currency": string,"email": string,"full_name": string,"needs_approval": boolean,"payment_id": string,"provider": string,"registration_id": string,"user_id": string
            }[]
                           },
"record_attendance":
{ Args: { "p_attended": boolean,"p_completed"?: boolean,"p_issue_certificate"?: boolean,"p_registration_id": string }; Returns: {
              "attended": boolean,"certificate_id": string,"certificate_number": string,"completed_at": string,"id": string,"status": string
            }[]
                           },
"refund_payment":
{ Args: { "p_amount"?: number,"p_idempotency_key"?: string,"p_note"?: string,"p_payment_id": string,"p_reason"?: string }; Returns: {
              "amount": number,"approved_at": string,"approved_by": string,"completed_at": string,"completed_by": string,"created_at": string,"currency": string,"failure_reason": string,"id": string,"idempotency_key": string,"note": string,"payment_id": string,"payment_refund_amount": number,"payment_refundable": number,"payment_status": string,"provider": string,"provider_refund_id": string,"reason": string,"replayed": boolean,"requested_by": string,"status": string,"updated_at": string
            }[]
                           },
"reject_refund":
{ Args: { "p_reason"?: string,"p_refund_id": string }; Returns: {
              "amount": number,"approved_at": string,"approved_by": string,"completed_at": string,"completed_by": string,"created_at": string,"currency": string,"failure_reason": string,"id": string,"idempotency_key": string,"note": string,"payment_id": string,"payment_refund_amount": number,"payment_refundable": number,"payment_status": string,"provider": string,"provider_refund_id": string,"reason": string,"replayed": boolean,"requested_by": string,"status": string,"updated_at": string
            }[]
                           },
"respond_to_review":
{ Args: { "p_expected_version": number,"p_review_id": string,"p_text": string }; Returns: {
              "id": string,"responded_at": string,"response_by": string,"response_by_name": string,"response_text": string,"version": number
            }[]
                           },
"revoke_certificate":
{ Args: { "p_certificate_id": string,"p_reason"?: string }; Returns: {
              "certificate_number": string,"id": string,"revocation_reason": string,"revoked_at": string
            }[]
                           },
"revoke_role":
{ Args: { "p_reason"?: string,"p_role_id": string }; Returns: undefined
                           },
"search_everything":
{ Args: { "p_limit"?: number,"p_query": string }; Returns: {
              "exact": boolean,"id": string,"kind": string,"matched": string,"status": string,"subtitle": string,"title": string
            }[]
                           },
"set_default_view":
{ Args: { "p_screen": string,"p_view_id"?: string }; Returns: undefined
                           },
"set_organization_tier":
{ Args: { "p_organization_id": string,"p_reason"?: string,"p_tier": string }; Returns: {
              "id": string,"subscription_tier": string,"updated_at": string
            }[]
                           },
"set_session_status":
{ Args: { "p_duration_hours"?: number,"p_reason"?: string,"p_session_id": string,"p_status": string }; Returns: {
              "duration_hours": number,"engagement_id": string,"hours_total": number,"hours_used": number,"id": string,"status": string
            }[]
                           },
"set_user_status":
{ Args: { "p_reason"?: string,"p_status": string,"p_user_id": string }; Returns: {
              "id": string,"status": string
            }[]
                           },
"set_workshop_status":
{ Args: { "p_idempotency_key"?: string,"p_reason"?: string,"p_status": string,"p_workshop_id": string }; Returns: {
              "cancelled_registrations": number,"id": string,"refunds": Json,"status": string
            }[]
                           },
"start_reconciliation":
{ Args: { "p_file_name": string,"p_kinds"?: (string)[],"p_provider": string }; Returns: {
              "amount_mismatch": number,"completed_at": string,"created_at": string,"created_by": string,"created_by_email": string,"created_by_name": string,"duplicate_in_file": number,"file_name": string,"id": string,"kinds": (string)[],"matched": number,"missing_at_processor": number,"missing_in_humanglue": number,"period_from": string,"period_to": string,"provider": string,"row_count": number,"status": string,"status_mismatch": number,"totals": Json
            }[]
                           },
"undo_review_decision":
{ Args: { "p_decision_id": string }; Returns: {
              "id": string,"moderation_reason": string,"status": string,"version": number
            }[]
                           },
"update_saved_view":
{ Args: { "p_expected_updated_at"?: string,"p_name": string,"p_shared_with_role": string,"p_state": Json,"p_view_id": string }; Returns: {
              "id": string,"updated_at": string
            }[]
                           },
"update_setting":
{ Args: { "p_key": string,"p_reason"?: string,"p_value": Json }; Returns: {
              "key": string,"value": Json
            }[]
                           },
"user_factors":
{ Args: { "p_user_id": string }; Returns: {
              "created_at": string,"friendly_name": string,"id": string,"last_challenged_at": string,"status": string
            }[]
                           },
"verify_certificate":
{ Args: { "p_certificate_number": string }; Returns: {
              "certificate_number": string,"certificate_type": string,"expiry_date": string,"is_expired": boolean,"is_revoked": boolean,"is_verified": boolean,"issue_date": string,"recipient_name": string,"revoked_at": string,"title": string
            }[]
                           },
"view_share_roles":
{ Args: { "p_screen": string }; Returns: (string)[]
                           }
          }
          Enums: {
            [_ in never]: never
          }
          CompositeTypes: {
            [_ in never]: never
          }
        },"public": {
          Tables: {
            "assessment_answers": {
                  Row: {
                    "answer_text": string | null,"answer_type": string,"answer_value": number | null,"assessment_id": string,"created_at": string,"dimension": string,"id": string,"question_id": string,"question_weight": number,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "answer_text"?: string | null,"answer_type": string,"answer_value"?: number | null,"assessment_id": string,"created_at"?: string,"dimension": string,"id"?: string,"question_id": string,"question_weight"?: number,"updated_at"?: string
                  }
                  Update: {
                    "answer_text"?: string | null,"answer_type"?: string,"answer_value"?: number | null,"assessment_id"?: string,"created_at"?: string,"dimension"?: string,"id"?: string,"question_id"?: string,"question_weight"?: number,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "assessment_answers_assessment_id_fkey"
      columns: ["assessment_id"]
isOneToOne: false
      referencedRelation: "assessments"
      referencedColumns: ["id"]
    }
                  ]
                },"assessments": {
                  Row: {
                    "assessment_type": string,"completed_at": string | null,"created_at": string,"cultural_score": number | null,"embedding_score": number | null,"id": string,"individual_score": number | null,"leadership_score": number | null,"organization_id": string | null,"overall_score": number | null,"recommendations": NonNullable<Json>,"results": NonNullable<Json>,"started_at": string,"status": string,"updated_at": string,"user_id": string,"velocity_score": number | null
                  }
                  ComputedFields: never
                  Insert: {
                    "assessment_type"?: string,"completed_at"?: string | null,"created_at"?: string,"cultural_score"?: number | null,"embedding_score"?: number | null,"id"?: string,"individual_score"?: number | null,"leadership_score"?: number | null,"organization_id"?: string | null,"overall_score"?: never,"recommendations"?: NonNullable<Json>,"results"?: NonNullable<Json>,"started_at"?: string,"status"?: string,"updated_at"?: string,"user_id": string,"velocity_score"?: number | null
                  }
                  Update: {
                    "assessment_type"?: string,"completed_at"?: string | null,"created_at"?: string,"cultural_score"?: number | null,"embedding_score"?: number | null,"id"?: string,"individual_score"?: number | null,"leadership_score"?: number | null,"organization_id"?: string | null,"overall_score"?: never,"recommendations"?: NonNullable<Json>,"results"?: NonNullable<Json>,"started_at"?: string,"status"?: string,"updated_at"?: string,"user_id"?: string,"velocity_score"?: number | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "assessments_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "assessments_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    }
                  ]
                },"certificates": {
                  Row: {
                    "assessment_id": string | null,"certificate_number": string,"certificate_type": string,"certificate_url": string | null,"created_at": string,"expiry_date": string | null,"id": string,"is_verified": boolean,"issue_date": string,"issued_by": string | null,"metadata": NonNullable<Json>,"revocation_reason": string | null,"revoked_at": string | null,"revoked_by": string | null,"skills_demonstrated": (string)[],"title": string | null,"updated_at": string,"user_id": string,"verification_url": string | null,"workshop_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "assessment_id"?: string | null,"certificate_number": string,"certificate_type": string,"certificate_url"?: string | null,"created_at"?: string,"expiry_date"?: string | null,"id"?: string,"is_verified"?: boolean,"issue_date"?: string,"issued_by"?: string | null,"metadata"?: NonNullable<Json>,"revocation_reason"?: string | null,"revoked_at"?: string | null,"revoked_by"?: string | null,"skills_demonstrated"?: (string)[],"title"?: string | null,"updated_at"?: string,"user_id": string,"verification_url"?: string | null,"workshop_id"?: string | null
                  }
                  Update: {
                    "assessment_id"?: string | null,"certificate_number"?: string,"certificate_type"?: string,"certificate_url"?: string | null,"created_at"?: string,"expiry_date"?: string | null,"id"?: string,"is_verified"?: boolean,"issue_date"?: string,"issued_by"?: string | null,"metadata"?: NonNullable<Json>,"revocation_reason"?: string | null,"revoked_at"?: string | null,"revoked_by"?: string | null,"skills_demonstrated"?: (string)[],"title"?: string | null,"updated_at"?: string,"user_id"?: string,"verification_url"?: string | null,"workshop_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "certificates_assessment_id_fkey"
      columns: ["assessment_id"]
isOneToOne: false
      referencedRelation: "assessments"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "certificates_issued_by_fkey"
      columns: ["issued_by"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "certificates_revoked_by_fkey"
      columns: ["revoked_by"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "certificates_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "certificates_workshop_id_fkey"
      columns: ["workshop_id"]
isOneToOne: false
      referencedRelation: "workshops"
      referencedColumns: ["id"]
    }
                  ]
                },"engagement_sessions": {
                  Row: {
                    "action_items": NonNullable<Json>,"created_at": string,"duration_hours": number,"ended_at": string | null,"engagement_id": string,"id": string,"scheduled_at": string,"session_notes": string | null,"session_type": string,"started_at": string | null,"status": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "action_items"?: NonNullable<Json>,"created_at"?: string,"duration_hours"?: number,"ended_at"?: string | null,"engagement_id": string,"id"?: string,"scheduled_at": string,"session_notes"?: string | null,"session_type": string,"started_at"?: string | null,"status"?: string,"updated_at"?: string
                  }
                  Update: {
                    "action_items"?: NonNullable<Json>,"created_at"?: string,"duration_hours"?: number,"ended_at"?: string | null,"engagement_id"?: string,"id"?: string,"scheduled_at"?: string,"session_notes"?: string | null,"session_type"?: string,"started_at"?: string | null,"status"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "engagement_sessions_engagement_id_fkey"
      columns: ["engagement_id"]
isOneToOne: false
      referencedRelation: "engagements"
      referencedColumns: ["id"]
    }
                  ]
                },"engagements": {
                  Row: {
                    "client_id": string,"client_satisfaction_score": number | null,"created_at": string,"deliverables": NonNullable<Json>,"description": string | null,"end_date": string | null,"expert_id": string,"focus_area": string,"hourly_rate": number | null,"hours_total": number,"hours_used": number,"id": string,"milestones": NonNullable<Json>,"organization_id": string | null,"start_date": string | null,"status": string,"title": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "client_id": string,"client_satisfaction_score"?: number | null,"created_at"?: string,"deliverables"?: NonNullable<Json>,"description"?: string | null,"end_date"?: string | null,"expert_id": string,"focus_area": string,"hourly_rate"?: number | null,"hours_total": number,"hours_used"?: number,"id"?: string,"milestones"?: NonNullable<Json>,"organization_id"?: string | null,"start_date"?: string | null,"status"?: string,"title"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "client_id"?: string,"client_satisfaction_score"?: number | null,"created_at"?: string,"deliverables"?: NonNullable<Json>,"description"?: string | null,"end_date"?: string | null,"expert_id"?: string,"focus_area"?: string,"hourly_rate"?: number | null,"hours_total"?: number,"hours_used"?: number,"id"?: string,"milestones"?: NonNullable<Json>,"organization_id"?: string | null,"start_date"?: string | null,"status"?: string,"title"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "engagements_client_id_fkey"
      columns: ["client_id"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "engagements_expert_id_fkey"
      columns: ["expert_id"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "engagements_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"organizations": {
                  Row: {
                    "company_size": string | null,"created_at": string,"id": string,"industry": string | null,"name": string,"settings": NonNullable<Json>,"slug": string,"subscription_status": string,"subscription_tier": string,"updated_at": string,"website": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "company_size"?: string | null,"created_at"?: string,"id"?: string,"industry"?: string | null,"name": string,"settings"?: NonNullable<Json>,"slug": string,"subscription_status"?: string,"subscription_tier"?: string,"updated_at"?: string,"website"?: string | null
                  }
                  Update: {
                    "company_size"?: string | null,"created_at"?: string,"id"?: string,"industry"?: string | null,"name"?: string,"settings"?: NonNullable<Json>,"slug"?: string,"subscription_status"?: string,"subscription_tier"?: string,"updated_at"?: string,"website"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"payment_refunds": {
                  Row: {
                    "amount": number,"approved_at": string | null,"approved_by": string | null,"completed_at": string | null,"completed_by": string | null,"created_at": string,"currency": string,"failure_reason": string | null,"id": string,"idempotency_key": string,"note": string | null,"payment_id": string,"provider": string,"provider_refund_id": string | null,"reason": string,"requested_by": string | null,"status": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"approved_at"?: string | null,"approved_by"?: string | null,"completed_at"?: string | null,"completed_by"?: string | null,"created_at"?: string,"currency": string,"failure_reason"?: string | null,"id"?: string,"idempotency_key": string,"note"?: string | null,"payment_id": string,"provider": string,"provider_refund_id"?: string | null,"reason": string,"requested_by"?: string | null,"status"?: string,"updated_at"?: string
                  }
                  Update: {
                    "amount"?: number,"approved_at"?: string | null,"approved_by"?: string | null,"completed_at"?: string | null,"completed_by"?: string | null,"created_at"?: string,"currency"?: string,"failure_reason"?: string | null,"id"?: string,"idempotency_key"?: string,"note"?: string | null,"payment_id"?: string,"provider"?: string,"provider_refund_id"?: string | null,"reason"?: string,"requested_by"?: string | null,"status"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "payment_refunds_approved_by_fkey"
      columns: ["approved_by"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "payment_refunds_completed_by_fkey"
      columns: ["completed_by"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "payment_refunds_payment_id_fkey"
      columns: ["payment_id"]
isOneToOne: false
      referencedRelation: "payments"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "payment_refunds_requested_by_fkey"
      columns: ["requested_by"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    }
                  ]
                },"payments": {
                  Row: {
                    "amount": number,"created_at": string,"currency": string,"description": string | null,"id": string,"invoice_number": string | null,"invoice_url": string | null,"metadata": NonNullable<Json>,"organization_id": string | null,"payment_type": string,"provider": string,"refund_amount": number,"refunded_at": string | null,"related_entity_id": string | null,"status": string,"transaction_id": string | null,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"created_at"?: string,"currency"?: string,"description"?: string | null,"id"?: string,"invoice_number"?: string | null,"invoice_url"?: string | null,"metadata"?: NonNullable<Json>,"organization_id"?: string | null,"payment_type": string,"provider": string,"refund_amount"?: number,"refunded_at"?: string | null,"related_entity_id"?: string | null,"status"?: string,"transaction_id"?: string | null,"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "amount"?: number,"created_at"?: string,"currency"?: string,"description"?: string | null,"id"?: string,"invoice_number"?: string | null,"invoice_url"?: string | null,"metadata"?: NonNullable<Json>,"organization_id"?: string | null,"payment_type"?: string,"provider"?: string,"refund_amount"?: number,"refunded_at"?: string | null,"related_entity_id"?: string | null,"status"?: string,"transaction_id"?: string | null,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "payments_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "payments_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    }
                  ]
                },"reviews": {
                  Row: {
                    "content_quality_rating": number | null,"created_at": string,"delivery_rating": number | null,"engagement_id": string | null,"expert_id": string | null,"helpful_count": number,"id": string,"impact_rating": number | null,"moderated_at": string | null,"moderated_by": string | null,"moderation_note": string | null,"moderation_reason": string | null,"not_helpful_count": number,"rating": number,"responded_at": string | null,"response_by": string | null,"response_text": string | null,"review_text": string,"review_type": string,"status": string,"title": string | null,"updated_at": string,"user_id": string,"value_rating": number | null,"verified_purchase": boolean,"version": number,"workshop_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "content_quality_rating"?: number | null,"created_at"?: string,"delivery_rating"?: number | null,"engagement_id"?: string | null,"expert_id"?: string | null,"helpful_count"?: number,"id"?: string,"impact_rating"?: number | null,"moderated_at"?: string | null,"moderated_by"?: string | null,"moderation_note"?: string | null,"moderation_reason"?: string | null,"not_helpful_count"?: number,"rating": number,"responded_at"?: string | null,"response_by"?: string | null,"response_text"?: string | null,"review_text": string,"review_type": string,"status"?: string,"title"?: string | null,"updated_at"?: string,"user_id": string,"value_rating"?: number | null,"verified_purchase"?: boolean,"version"?: number,"workshop_id"?: string | null
                  }
                  Update: {
                    "content_quality_rating"?: number | null,"created_at"?: string,"delivery_rating"?: number | null,"engagement_id"?: string | null,"expert_id"?: string | null,"helpful_count"?: number,"id"?: string,"impact_rating"?: number | null,"moderated_at"?: string | null,"moderated_by"?: string | null,"moderation_note"?: string | null,"moderation_reason"?: string | null,"not_helpful_count"?: number,"rating"?: number,"responded_at"?: string | null,"response_by"?: string | null,"response_text"?: string | null,"review_text"?: string,"review_type"?: string,"status"?: string,"title"?: string | null,"updated_at"?: string,"user_id"?: string,"value_rating"?: number | null,"verified_purchase"?: boolean,"version"?: number,"workshop_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "reviews_engagement_id_fkey"
      columns: ["engagement_id"]
isOneToOne: false
      referencedRelation: "engagements"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "reviews_expert_id_fkey"
      columns: ["expert_id"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "reviews_moderated_by_fkey"
      columns: ["moderated_by"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "reviews_response_by_fkey"
      columns: ["response_by"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "reviews_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "reviews_workshop_id_fkey"
      columns: ["workshop_id"]
isOneToOne: false
      referencedRelation: "workshops"
      referencedColumns: ["id"]
    }
                  ]
                },"talent_profiles": {
                  Row: {
                    "accepting_clients": boolean,"availability": string,"behavior_change_score": number | null,"bio": string | null,"client_retention_rate": number | null,"coaching_style": string | null,"created_at": string,"cultures_transformed": number,"expertise": (string)[],"hourly_rate": number | null,"id": string,"industries": (string)[],"is_public": boolean,"rating": number,"review_count": number,"tagline": string | null,"transformation_stages": (string)[],"transformation_success_rate": number | null,"updated_at": string,"user_id": string,"years_experience": number
                  }
                  ComputedFields: never
                  Insert: {
                    "accepting_clients"?: boolean,"availability"?: string,"behavior_change_score"?: number | null,"bio"?: string | null,"client_retention_rate"?: number | null,"coaching_style"?: string | null,"created_at"?: string,"cultures_transformed"?: number,"expertise"?: (string)[],"hourly_rate"?: number | null,"id"?: string,"industries"?: (string)[],"is_public"?: boolean,"rating"?: number,"review_count"?: number,"tagline"?: string | null,"transformation_stages"?: (string)[],"transformation_success_rate"?: number | null,"updated_at"?: string,"user_id": string,"years_experience"?: number
                  }
                  Update: {
                    "accepting_clients"?: boolean,"availability"?: string,"behavior_change_score"?: number | null,"bio"?: string | null,"client_retention_rate"?: number | null,"coaching_style"?: string | null,"created_at"?: string,"cultures_transformed"?: number,"expertise"?: (string)[],"hourly_rate"?: number | null,"id"?: string,"industries"?: (string)[],"is_public"?: boolean,"rating"?: number,"review_count"?: number,"tagline"?: string | null,"transformation_stages"?: (string)[],"transformation_success_rate"?: number | null,"updated_at"?: string,"user_id"?: string,"years_experience"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "talent_profiles_user_id_fkey"
      columns: ["user_id"]
isOneToOne: true
      referencedRelation: "users"
      referencedColumns: ["id"]
    }
                  ]
                },"talent_testimonials": {
                  Row: {
                    "client_company": string | null,"client_name": string,"client_title": string | null,"created_at": string,"id": string,"is_featured": boolean,"metric": string | null,"quote": string,"rejection_reason": string | null,"reviewed_at": string | null,"reviewed_by": string | null,"talent_profile_id": string,"updated_at": string,"verified": boolean
                  }
                  ComputedFields: never
                  Insert: {
                    "client_company"?: string | null,"client_name": string,"client_title"?: string | null,"created_at"?: string,"id"?: string,"is_featured"?: boolean,"metric"?: string | null,"quote": string,"rejection_reason"?: string | null,"reviewed_at"?: string | null,"reviewed_by"?: string | null,"talent_profile_id": string,"updated_at"?: string,"verified"?: boolean
                  }
                  Update: {
                    "client_company"?: string | null,"client_name"?: string,"client_title"?: string | null,"created_at"?: string,"id"?: string,"is_featured"?: boolean,"metric"?: string | null,"quote"?: string,"rejection_reason"?: string | null,"reviewed_at"?: string | null,"reviewed_by"?: string | null,"talent_profile_id"?: string,"updated_at"?: string,"verified"?: boolean
                  }
                  Relationships: [
                    {
      foreignKeyName: "talent_testimonials_reviewed_by_fkey"
      columns: ["reviewed_by"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "talent_testimonials_talent_profile_id_fkey"
      columns: ["talent_profile_id"]
isOneToOne: false
      referencedRelation: "talent_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"user_roles": {
                  Row: {
                    "created_at": string,"expires_at": string | null,"granted_by": string | null,"id": string,"organization_id": string | null,"role": string,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"expires_at"?: string | null,"granted_by"?: string | null,"id"?: string,"organization_id"?: string | null,"role": string,"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "created_at"?: string,"expires_at"?: string | null,"granted_by"?: string | null,"id"?: string,"organization_id"?: string | null,"role"?: string,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "user_roles_granted_by_fkey"
      columns: ["granted_by"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "user_roles_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "user_roles_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    }
                  ]
                },"users": {
                  Row: {
                    "avatar_url": string | null,"company_name": string | null,"created_at": string,"email": string,"full_name": string | null,"id": string,"job_title": string | null,"last_active_at": string | null,"last_sign_in_at": string | null,"metadata": NonNullable<Json>,"status": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "avatar_url"?: string | null,"company_name"?: string | null,"created_at"?: string,"email": string,"full_name"?: string | null,"id": string,"job_title"?: string | null,"last_active_at"?: string | null,"last_sign_in_at"?: string | null,"metadata"?: NonNullable<Json>,"status"?: string,"updated_at"?: string
                  }
                  Update: {
                    "avatar_url"?: string | null,"company_name"?: string | null,"created_at"?: string,"email"?: string,"full_name"?: string | null,"id"?: string,"job_title"?: string | null,"last_active_at"?: string | null,"last_sign_in_at"?: string | null,"metadata"?: NonNullable<Json>,"status"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"workshop_registrations": {
                  Row: {
                    "attended": boolean,"cancelled_at": string | null,"certificate_id": string | null,"completed_at": string | null,"created_at": string,"id": string,"payment_id": string | null,"price_paid": number,"rating": number | null,"registered_at": string,"review": string | null,"status": string,"updated_at": string,"user_id": string,"workshop_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attended"?: boolean,"cancelled_at"?: string | null,"certificate_id"?: string | null,"completed_at"?: string | null,"created_at"?: string,"id"?: string,"payment_id"?: string | null,"price_paid"?: number,"rating"?: number | null,"registered_at"?: string,"review"?: string | null,"status"?: string,"updated_at"?: string,"user_id": string,"workshop_id": string
                  }
                  Update: {
                    "attended"?: boolean,"cancelled_at"?: string | null,"certificate_id"?: string | null,"completed_at"?: string | null,"created_at"?: string,"id"?: string,"payment_id"?: string | null,"price_paid"?: number,"rating"?: number | null,"registered_at"?: string,"review"?: string | null,"status"?: string,"updated_at"?: string,"user_id"?: string,"workshop_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "workshop_registrations_certificate_id_fkey"
      columns: ["certificate_id"]
isOneToOne: false
      referencedRelation: "certificates"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "workshop_registrations_payment_id_fkey"
      columns: ["payment_id"]
isOneToOne: false
      referencedRelation: "payments"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "workshop_registrations_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "workshop_registrations_workshop_id_fkey"
      columns: ["workshop_id"]
isOneToOne: false
      referencedRelation: "workshops"
      referencedColumns: ["id"]
    }
                  ]
                },"workshops": {
                  Row: {
                    "average_rating": number,"capacity_remaining": number,"capacity_total": number,"created_at": string,"currency": string,"description": string,"duration_minutes": number | null,"format": string,"id": string,"instructor_id": string,"is_featured": boolean,"level": string,"location": string | null,"metadata": NonNullable<Json>,"outcomes": (string)[],"pillar": string,"price_amount": number,"price_early_bird": number | null,"review_count": number,"schedule_date": string | null,"schedule_time": string | null,"status": string,"tags": (string)[],"timezone": string,"title": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "average_rating"?: number,"capacity_remaining": number,"capacity_total": number,"created_at"?: string,"currency"?: string,"description"?: string,"duration_minutes"?: number | null,"format": string,"id"?: string,"instructor_id": string,"is_featured"?: boolean,"level": string,"location"?: string | null,"metadata"?: NonNullable<Json>,"outcomes"?: (string)[],"pillar": string,"price_amount"?: number,"price_early_bird"?: number | null,"review_count"?: number,"schedule_date"?: string | null,"schedule_time"?: string | null,"status"?: string,"tags"?: (string)[],"timezone"?: string,"title": string,"updated_at"?: string
                  }
                  Update: {
                    "average_rating"?: number,"capacity_remaining"?: number,"capacity_total"?: number,"created_at"?: string,"currency"?: string,"description"?: string,"duration_minutes"?: number | null,"format"?: string,"id"?: string,"instructor_id"?: string,"is_featured"?: boolean,"level"?: string,"location"?: string | null,"metadata"?: NonNullable<Json>,"outcomes"?: (string)[],"pillar"?: string,"price_amount"?: number,"price_early_bird"?: number | null,"review_count"?: number,"schedule_date"?: string | null,"schedule_time"?: string | null,"status"?: string,"tags"?: (string)[],"timezone"?: string,"title"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "workshops_instructor_id_fkey"
      columns: ["instructor_id"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    }
                  ]
                }
          }
          Views: {
            [_ in never]: never
          }
          Functions: {
            "expert_rating_signals":
{ Args: { "p_expert_id": string }; Returns: Record<string, unknown>
                           },
"get_org_adaptability_trend":
{ Args: { "p_months"?: number,"p_org_id": string }; Returns: {
              "assessment_count": number,"avg_cultural": number,"avg_embedding": number,"avg_individual": number,"avg_leadership": number,"avg_overall": number,"avg_velocity": number,"month": string
            }[]
                           },
"get_user_roles":
{ Args: { "p_user_id": string }; Returns: {
              "organization_id": string,"role": string
            }[]
                           },
"has_role":
{ Args: { "p_role": string,"p_user_id": string }; Returns: boolean
                           },
"is_admin":
{ Args: Record<PropertyKey, never>; Returns: boolean
                           },
"is_org_admin":
{ Args: { "p_org_id": string }; Returns: boolean
                           },
"is_org_member":
{ Args: { "p_org_id": string }; Returns: boolean
                           },
"recalculate_expert_rating":
{ Args: { "p_expert_id": string }; Returns: undefined
                           },
"search_talent":
{ Args: { "p_expertise": (string)[],"p_limit"?: number,"p_min_rating"?: number }; Returns: {
              "availability": string,"avatar_url": string,"behavior_change_score": number,"bio": string,"client_retention_rate": number,"coaching_style": string,"cultures_transformed": number,"expertise": (string)[],"full_name": string,"hourly_rate": number,"id": string,"industries": (string)[],"rating": number,"review_count": number,"tagline": string,"transformation_stages": (string)[],"transformation_success_rate": number,"user_id": string,"years_experience": number
            }[]
                           },
"verify_certificate":
{ Args: { "p_certificate_number": string }; Returns: {
              "certificate_number": string,"certificate_type": string,"expiry_date": string,"is_expired": boolean,"is_revoked": boolean,"is_verified": boolean,"issue_date": string,"recipient_name": string,"revoked_at": string,"title": string
            }[]
                           }
          }
          Enums: {
            [_ in never]: never
          }
          CompositeTypes: {
            [_ in never]: never
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "console": {
          Enums: {
            
          }
        },"public": {
          Enums: {
            
          }
        }
} as const
